/**
 * Qubes' address plan: qid N is 10.137.(N>>8).(N&0xff), disposables the same
 * in 10.138, and its MAC ends in the same two bytes. Qubes itself stops at
 * qid 254; going on into the next /24s lets a host hold thousands of qubes,
 * skipping the qids whose last byte would be 0 or 255 (a network's own and its
 * broadcast address in any /24 a netvm might route).
 */
import type { QubeClass } from './qube-class.js';

/** The largest qid: its address is 10.137.255.254. */
export const MAX_QID = 0xfffe;

/** Whether a non-admin qube may hold this qid. */
export function isAssignableQid(qid: number): boolean {
  const host = qid & 0xff;
  return Number.isSafeInteger(qid) && qid >= 1 && qid <= MAX_QID && host !== 0 && host !== 255;
}

/** How many qubes besides dom0 the plan has room for: 256 networks of 254 hosts. */
export const QID_CAPACITY = 256 * 254;

export function derivedIp(klass: QubeClass, qid: number): string {
  return `10.${klass === 'DispVM' ? 138 : 137}.${(qid >> 8) & 0xff}.${qid & 0xff}`;
}

/** Qubes' 00:16:3e:5e:6c:NN, with the qid's high byte added into the two bytes before NN once it passes 255. */
export function qubeMac(qid: number): string {
  const mid = 0x5e6c + ((qid >> 8) & 0xff);
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return `00:16:3e:${hex(mid >> 8)}:${hex(mid & 0xff)}:${hex(qid & 0xff)}`;
}
