/**
 * IPv4/IPv6 addresses and networks as firewall rules name them. Parsed to
 * numbers so that a network with host bits set (10.0.0.1/8) is caught: nft
 * would silently widen it, and the user almost surely meant something else.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

export interface IpNetwork {
  family: IpFamily;
  /** The address as given, lower-cased (nft accepts every valid spelling). */
  address: string;
  /** Prefix length; 32 or 128 for a single host. */
  prefix: number;
}

function ipv4ToBigInt(a: string): bigint {
  return a.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(a: string): bigint {
  let text = a;
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const n = ipv4ToBigInt(v4[1]);
    text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros: string[] = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Whether `s` is an IPv4 or IPv6 address (no prefix), or 0 when neither. */
export function ipFamily(s: string): IpFamily | 0 {
  if (isIPv4(s)) return 4;
  // Zone indexes (fe80::1%eth0) name a link of this machine, not a destination.
  if (isIPv6(s) && !s.includes('%')) return 6;
  return 0;
}

/** Parses `ADDRESS` or `ADDRESS/PREFIX`; a string says what is wrong. */
export function parseIpNetwork(text: string): IpNetwork | string {
  const slash = text.indexOf('/');
  const address = (slash < 0 ? text : text.slice(0, slash)).toLowerCase();
  const family = ipFamily(address);
  if (family === 0) return `${JSON.stringify(text)} is not an IPv4 or IPv6 address`;
  const bits = family === 4 ? 32 : 128;
  if (slash < 0) return { family, address, prefix: bits };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return `${JSON.stringify(text)}: the prefix length must be 0 to ${bits}`;
  const prefix = Number(prefixText);
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((value & hostMask) !== 0n) return `${JSON.stringify(text)} has host bits set beyond /${prefix}`;
  return { family, address, prefix };
}

export function formatIpNetwork(n: IpNetwork): string {
  return n.prefix === (n.family === 4 ? 32 : 128) ? n.address : `${n.address}/${n.prefix}`;
}
