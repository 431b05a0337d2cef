/**
 * The DNS servers specialtarget=dns stands for: the `nameserver` lines of
 * the qube's resolv.conf, as Qubes' own firewall reads them.
 */
import { readFileSync } from 'node:fs';
import { ipFamily } from './ip-address.js';

export const RESOLV_CONF = '/etc/resolv.conf';

export function parseNameservers(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)\s*(?:#.*)?$/.exec(line);
    if (m?.[1] && ipFamily(m[1]) !== 0 && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

export function readNameservers(path: string = RESOLV_CONF): string[] {
  try {
    return parseNameservers(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
