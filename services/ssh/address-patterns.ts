/**
 * The `from="…"` option of an authorized key, with OpenSSH's semantics
 * (sshd(8) AUTHORIZED_KEYS FILE FORMAT, match_host_and_ip): a comma-separated
 * list of entries, each an address, a CIDR network or a `*`/`?` wildcard
 * pattern, optionally negated with `!`. Any negated entry that matches
 * refuses; otherwise one positive match admits; no match refuses. Host names
 * are never looked up (like `UseDNS no`), so patterns match the address text.
 */
import { BlockList, isIP } from 'node:net';

interface PatternEntry {
  negated: boolean;
  matches: (address: string, family: number) => boolean;
}

export interface AddressPatternList {
  readonly source: string;
  readonly entries: readonly PatternEntry[];
}

/** IPv4 clients on a dual-stack socket show up as ::ffff:a.b.c.d. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Parses a CIDR entry; null when the entry is not an address at all (then it is a wildcard). */
function parseNetwork(entry: string): BlockList | null {
  const slash = entry.indexOf('/');
  const addr = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(addr);
  if (family === 0) {
    if (slash !== -1) throw new Error(`${JSON.stringify(entry)} is not a valid address/prefix`);
    return null;
  }
  const max = family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(max) : entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    throw new Error(`${JSON.stringify(entry)}: the prefix length must be 0 to ${max}`);
  }
  const list = new BlockList();
  list.addSubnet(addr, Number(prefixText), family === 4 ? 'ipv4' : 'ipv6');
  return list;
}

/** Throws an Error naming the bad entry when the list cannot be used. */
export function parseAddressPatterns(source: string): AddressPatternList {
  const entries: PatternEntry[] = [];
  for (const raw of source.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern === '') throw new Error(`empty entry in the pattern list ${JSON.stringify(source)}`);
    if (/\s/.test(pattern)) throw new Error(`${JSON.stringify(pattern)}: patterns cannot contain spaces`);
    const network = parseNetwork(pattern);
    let matches: PatternEntry['matches'];
    if (network) {
      matches = (address, family) => family !== 0 && network.check(address, family === 4 ? 'ipv4' : 'ipv6');
    } else {
      const wildcard = wildcardToRegExp(pattern);
      matches = (address) => wildcard.test(address);
    }
    entries.push({ negated, matches });
  }
  return { source, entries };
}

/** Whether a client at this address may use the key (undefined address: never). */
export function addressAllowed(list: AddressPatternList, address: string | undefined): boolean {
  if (address === undefined) return false;
  const addr = normalizeAddress(address);
  const family = isIP(addr);
  let admitted = false;
  for (const entry of list.entries) {
    if (!entry.matches(addr, family)) continue;
    if (entry.negated) return false;
    admitted = true;
  }
  return admitted;
}
