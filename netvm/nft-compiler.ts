/**
 * Compiles downstream qubes' firewall rules into one nftables ruleset for
 * sys-firewall, laid out like Qubes' own qubes-firewall: a `forward` chain
 * hooked into forwarding sends each qube's traffic (matched by its source
 * address) to that qube's chain `qbs-NAME`, which holds its rules in order
 * and rejects whatever they do not accept.
 *
 * The text replaces the table atomically when given to `nft -f`: it declares
 * the table (a no-op if it exists), deletes it and defines it afresh, all in
 * one transaction.
 *
 * Like Qubes, a `drop` rule (and the final default) rejects with ICMP
 * admin-prohibited rather than discarding silently, so a program in the qube
 * fails at once instead of timing out. Host names are resolved by the caller
 * and passed in; a rule whose host did not resolve blocks the whole qube, as
 * Qubes does when it cannot apply a qube's rules.
 */
import { DNS_PORT, type FirewallProto, type FirewallRule } from './firewall-rules.js';
import { formatIpNetwork, ipFamily, type IpFamily } from './ip-address.js';

export const TABLE = 'qubes-firewall';

// Chain names are nft identifiers; qube names (letters, digits, _ . -,
// starting with a letter) are all valid inside one.
const QUBE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_.-]{0,30}$/;

export interface DownstreamQube {
  name: string;
  /** The qube's addresses as sys-firewall sees them as sources; at least one. */
  ip4?: string;
  ip6?: string;
  rules: readonly FirewallRule[];
}

export interface CompileInput {
  qubes: readonly DownstreamQube[];
  /** The DNS servers specialtarget=dns stands for (IPv4 and IPv6 mixed). */
  dnsServers: readonly string[];
  /** Addresses of every host name the rules use, resolved by the caller. */
  resolved: ReadonlyMap<string, readonly string[]>;
  /** Seconds since the epoch; rules whose expire is not after it are left out. */
  now: number;
}

export interface CompileOutput {
  ruleset: string;
  /** Why a qube was blocked entirely instead of getting its rules. */
  warnings: string[];
}

export class FirewallInputError extends Error {}

const REJECT = 'reject with icmpx type admin-prohibited';

/** One destination match: an address family it is limited to (if any) and the nft expression. */
interface Destination {
  family?: IpFamily;
  match: string;
}

function daddr(family: IpFamily, addresses: readonly string[]): string {
  const kw = family === 4 ? 'ip' : 'ip6';
  return addresses.length === 1 ? `${kw} daddr ${addresses[0]}` : `${kw} daddr { ${addresses.join(', ')} }`;
}

function byFamily(addresses: readonly string[]): Destination[] {
  const out: Destination[] = [];
  for (const family of [4, 6] as const) {
    const mine = addresses.filter((a) => ipFamily(a) === family);
    if (mine.length > 0) out.push({ family, match: daddr(family, [...new Set(mine)]) });
  }
  return out;
}

/** The destinations a rule matches, [] when it can match nothing, or an error blocking the qube. */
function destinations(rule: FirewallRule, input: CompileInput): Destination[] | string {
  if (rule.specialtarget === 'dns') return byFamily(input.dnsServers);
  const d = rule.dsthost;
  if (!d) return [{ match: '' }];
  if (d.kind === 'network') {
    return [{ family: d.family, match: daddr(d.family, [formatIpNetwork(d)]) }];
  }
  const addrs = input.resolved.get(d.name) ?? [];
  const dests = byFamily(addrs);
  return dests.length > 0 ? dests : `host ${d.name} did not resolve`;
}

function ports(r: { from: number; to: number }): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

/** Protocol/port matches for one destination family; several when icmp must be spelt per family. */
function protocolMatches(rule: FirewallRule, family: IpFamily | undefined): string[] {
  if (rule.specialtarget === 'dns') {
    return rule.proto ? [`${rule.proto} dport ${DNS_PORT}`] : [`meta l4proto { tcp, udp } th dport ${DNS_PORT}`];
  }
  const proto: FirewallProto | undefined = rule.proto;
  if (proto === undefined) return [''];
  if (proto === 'icmp') {
    const fams: IpFamily[] = family ? [family] : [4, 6];
    return fams.map((f) => {
      const [l4, kw] = f === 4 ? ['icmp', 'icmp'] : ['ipv6-icmp', 'icmpv6'];
      return rule.icmptype === undefined ? `meta l4proto ${l4}` : `meta l4proto ${l4} ${kw} type ${rule.icmptype}`;
    });
  }
  return [rule.dstports ? `${proto} dport ${ports(rule.dstports)}` : `meta l4proto ${proto}`];
}

/** nft strings cannot escape quotes; keep printable ASCII without `"` and `\`, within nft's comment size. */
function nftComment(c: string): string {
  const clean = c.replace(/[^\x20-\x7e]|["\\]/g, '?').slice(0, 120);
  return ` comment "${clean}"`;
}

function ruleLines(rule: FirewallRule, input: CompileInput): string[] | string {
  const dests = destinations(rule, input);
  if (typeof dests === 'string') return dests;
  const verdict = rule.action === 'accept' ? 'accept' : REJECT;
  const comment = rule.comment ? nftComment(rule.comment) : '';
  const lines: string[] = [];
  for (const dest of dests) {
    for (const proto of protocolMatches(rule, dest.family)) {
      lines.push([dest.match, proto, verdict].filter((s) => s !== '').join(' ') + comment);
    }
  }
  return lines;
}

export function chainName(qube: string): string {
  return `qbs-${qube}`;
}

/** The body lines of one qube's chain: its live rules in order, then the default reject. */
export function compileQubeChain(qube: DownstreamQube, input: CompileInput): { lines: string[]; warning?: string } {
  const lines: string[] = [];
  for (const rule of qube.rules) {
    if (rule.expire !== undefined && rule.expire <= input.now) continue;
    const compiled = ruleLines(rule, input);
    if (typeof compiled === 'string') return { lines: [REJECT], warning: `${qube.name}: ${compiled}; blocking all its traffic` };
    lines.push(...compiled);
  }
  lines.push(REJECT);
  return { lines };
}

function checkInput(input: CompileInput): void {
  const names = new Set<string>();
  for (const q of input.qubes) {
    if (!QUBE_NAME_RE.test(q.name)) throw new FirewallInputError(`not a qube name: ${JSON.stringify(q.name)}`);
    if (names.has(q.name)) throw new FirewallInputError(`qube ${q.name} given twice`);
    names.add(q.name);
    if (!q.ip4 && !q.ip6) throw new FirewallInputError(`qube ${q.name} has no address`);
    if (q.ip4 !== undefined && ipFamily(q.ip4) !== 4) throw new FirewallInputError(`qube ${q.name}: ${JSON.stringify(q.ip4)} is not an IPv4 address`);
    if (q.ip6 !== undefined && ipFamily(q.ip6) !== 6) throw new FirewallInputError(`qube ${q.name}: ${JSON.stringify(q.ip6)} is not an IPv6 address`);
  }
  for (const s of input.dnsServers) if (ipFamily(s) === 0) throw new FirewallInputError(`DNS server ${JSON.stringify(s)} is not an address`);
  for (const [host, addrs] of input.resolved) {
    for (const a of addrs) if (ipFamily(a) === 0) throw new FirewallInputError(`${host} resolved to ${JSON.stringify(a)}, not an address`);
  }
}

/** The whole table for every downstream qube. Throws FirewallInputError on malformed input (a caller bug, not a user's rule). */
export function compileFirewall(input: CompileInput): CompileOutput {
  checkInput(input);
  const warnings: string[] = [];
  const forward = ['type filter hook forward priority filter; policy drop;', 'ct state established,related accept', 'iifname != "vif*" accept'];
  const chains: string[] = [];
  for (const q of input.qubes) {
    const chain = chainName(q.name);
    if (q.ip4) forward.push(`ip saddr ${q.ip4} jump ${chain}`);
    if (q.ip6) forward.push(`ip6 saddr ${q.ip6.toLowerCase()} jump ${chain}`);
    const { lines, warning } = compileQubeChain(q, input);
    if (warning) warnings.push(warning);
    chains.push(block(`chain ${chain}`, lines));
  }
  const table = [`table inet ${TABLE}`, `delete table inet ${TABLE}`, `table inet ${TABLE} {`, block('chain forward', forward), ...chains, '}', ''].join('\n');
  return { ruleset: table, warnings };
}

function block(head: string, lines: readonly string[]): string {
  return [`\t${head} {`, ...lines.map((l) => `\t\t${l}`), '\t}'].join('\n');
}

/** The earliest expire still ahead of `now`, when the ruleset must be compiled again; undefined if none. */
export function nextExpiry(qubes: readonly DownstreamQube[], now: number): number | undefined {
  let next: number | undefined;
  for (const q of qubes) {
    for (const r of q.rules) {
      if (r.expire !== undefined && r.expire > now && (next === undefined || r.expire < next)) next = r.expire;
    }
  }
  return next;
}
