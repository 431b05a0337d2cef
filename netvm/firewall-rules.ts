/**
 * Qubes' qvm-firewall rule model and its text form, one rule per line:
 *
 *   action=accept dsthost=10.0.0.0/8 proto=tcp dstports=443
 *   action=accept specialtarget=dns
 *   action=drop proto=icmp icmptype=8 expire=+3600 comment=no ping for an hour
 *
 * Keys: action (accept|drop, required), dsthost (IPv4/IPv6 address or
 * network, or a host name), proto (tcp|udp|icmp), dstports (N or N-M, needs
 * proto tcp or udp), icmptype (0-255, needs proto=icmp), specialtarget=dns,
 * expire (seconds since the epoch, or +N seconds from now), comment (must be
 * last: it takes the rest of the line). The list is read top-down, the first
 * matching rule wins, and anything no rule matches is dropped.
 */
import { formatIpNetwork, parseIpNetwork, type IpNetwork } from './ip-address.js';

export type FirewallAction = 'accept' | 'drop';
export type FirewallProto = 'tcp' | 'udp' | 'icmp';

export type DstHost = ({ kind: 'network' } & IpNetwork) | { kind: 'hostname'; name: string };

export interface PortRange {
  from: number;
  to: number;
}

export interface FirewallRule {
  action: FirewallAction;
  dsthost?: DstHost;
  proto?: FirewallProto;
  dstports?: PortRange;
  icmptype?: number;
  specialtarget?: 'dns';
  /** Seconds since the epoch after which the rule no longer applies. */
  expire?: number;
  comment?: string;
}

export type RuleParse = { ok: true; rule: FirewallRule } | { ok: false; error: string };
export type RulesParse = { ok: true; rules: FirewallRule[] } | { ok: false; error: string };

export const MAX_COMMENT = 256;
export const DNS_PORT = 53;

const KEYS = ['action', 'dsthost', 'proto', 'dstports', 'icmptype', 'specialtarget', 'expire', 'comment'] as const;
type Key = (typeof KEYS)[number];

// RFC 1123 host names: dot-separated labels of letters, digits and inner
// hyphens, 253 characters at most; an all-numeric name is an address typo.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`, 'i');

function isKey(k: string): k is Key {
  return (KEYS as readonly string[]).includes(k);
}

function parseDstHost(v: string): DstHost | string {
  if (v.includes(':') || v.includes('/') || /^[\d.]+$/.test(v)) {
    const net = parseIpNetwork(v);
    return typeof net === 'string' ? `dsthost: ${net}` : { kind: 'network', ...net };
  }
  if (v.length > 253 || !HOSTNAME_RE.test(v)) return `dsthost: ${JSON.stringify(v)} is neither an address nor a host name`;
  return { kind: 'hostname', name: v.toLowerCase().replace(/\.$/, '') };
}

function parsePort(s: string): number | null {
  if (!/^\d{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : null;
}

function parsePorts(v: string): PortRange | string {
  const m = /^([^-]+)(?:-([^-]+))?$/.exec(v);
  const from = m?.[1] === undefined ? null : parsePort(m[1]);
  const to = m?.[2] === undefined ? from : parsePort(m[2]);
  if (from === null || to === null) return `dstports: ${JSON.stringify(v)} is not a port (1-65535) or a range N-M`;
  if (from > to) return `dstports: ${JSON.stringify(v)} is a range that ends before it starts`;
  return { from, to };
}

function parseExpire(v: string, now: number): number | string {
  const m = /^(\+?)(\d{1,12})$/.exec(v);
  if (!m?.[2]) return `expire: ${JSON.stringify(v)} is not seconds since the epoch or +SECONDS`;
  return m[1] ? now + Number(m[2]) : Number(m[2]);
}

/** Splits a rule line into key/value pairs; `comment=` takes the rest of the line. */
function fields(text: string): [string, string][] | string {
  const out: [string, string][] = [];
  let rest = text.trim();
  while (rest) {
    const eq = rest.indexOf('=');
    const space = rest.search(/\s/);
    if (eq < 0 || (space >= 0 && space < eq)) return `${JSON.stringify(rest.split(/\s/)[0])} is not KEY=VALUE`;
    const key = rest.slice(0, eq);
    if (key === 'comment') {
      out.push([key, rest.slice(eq + 1)]);
      break;
    }
    const end = space < 0 ? rest.length : space;
    out.push([key, rest.slice(eq + 1, end)]);
    rest = rest.slice(end).trimStart();
  }
  return out;
}

/** Parses one rule. `now` (seconds since the epoch) resolves `expire=+N`. */
export function parseRule(text: string, now: number = Math.floor(Date.now() / 1000)): RuleParse {
  const fail = (error: string): RuleParse => ({ ok: false, error });
  const pairs = fields(text);
  if (typeof pairs === 'string') return fail(pairs);
  const seen = new Map<Key, string>();
  for (const [key, value] of pairs) {
    if (!isKey(key)) return fail(`unknown key ${JSON.stringify(key)} (known: ${KEYS.join(', ')})`);
    if (seen.has(key)) return fail(`${key} given twice`);
    if (value === '' && key !== 'comment') return fail(`${key} has no value`);
    seen.set(key, value);
  }

  const action = seen.get('action');
  if (action === undefined) return fail('action is required (accept or drop)');
  if (action !== 'accept' && action !== 'drop') return fail(`action: ${JSON.stringify(action)} is not accept or drop`);
  const rule: FirewallRule = { action };

  const proto = seen.get('proto');
  if (proto !== undefined) {
    if (proto !== 'tcp' && proto !== 'udp' && proto !== 'icmp') return fail(`proto: ${JSON.stringify(proto)} is not tcp, udp or icmp`);
    rule.proto = proto;
  }

  const dsthost = seen.get('dsthost');
  if (dsthost !== undefined) {
    const d = parseDstHost(dsthost);
    if (typeof d === 'string') return fail(d);
    rule.dsthost = d;
  }

  const special = seen.get('specialtarget');
  if (special !== undefined) {
    if (special !== 'dns') return fail(`specialtarget: ${JSON.stringify(special)} is not dns`);
    if (rule.dsthost) return fail('specialtarget=dns names its own destination (the DNS servers); drop dsthost');
    if (rule.proto === 'icmp') return fail('specialtarget=dns is reached over tcp or udp, not icmp');
    rule.specialtarget = 'dns';
  }

  const ports = seen.get('dstports');
  if (ports !== undefined) {
    const p = parsePorts(ports);
    if (typeof p === 'string') return fail(p);
    if (rule.specialtarget === 'dns') {
      if (p.from !== DNS_PORT || p.to !== DNS_PORT) return fail(`specialtarget=dns is port ${DNS_PORT} only; dstports=${ports} would never match`);
    } else if (rule.proto !== 'tcp' && rule.proto !== 'udp') {
      return fail('dstports needs proto=tcp or proto=udp');
    }
    rule.dstports = p;
  }

  const icmptype = seen.get('icmptype');
  if (icmptype !== undefined) {
    if (rule.proto !== 'icmp') return fail('icmptype needs proto=icmp');
    if (!/^\d{1,3}$/.test(icmptype) || Number(icmptype) > 255) return fail(`icmptype: ${JSON.stringify(icmptype)} is not 0-255`);
    rule.icmptype = Number(icmptype);
  }

  const expire = seen.get('expire');
  if (expire !== undefined) {
    const e = parseExpire(expire, now);
    if (typeof e === 'string') return fail(e);
    rule.expire = e;
  }

  const comment = seen.get('comment');
  if (comment !== undefined) {
    if ([...comment].length > MAX_COMMENT) return fail(`comment is longer than ${MAX_COMMENT} characters`);
    if (/[\x00-\x1f\x7f]/.test(comment)) return fail('comment contains control characters');
    rule.comment = comment;
  }
  return { ok: true, rule };
}

/** Parses a rule list, one rule per line; blank lines and `#` lines are skipped. */
export function parseRules(text: string, now?: number): RulesParse {
  const rules: FirewallRule[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const r = parseRule(line, now);
    if (!r.ok) return { ok: false, error: `line ${i + 1}: ${r.error}` };
    rules.push(r.rule);
  }
  return { ok: true, rules };
}

/** The rule's text form, which parseRule reads back to the same rule. */
export function formatRule(rule: FirewallRule): string {
  const parts = [`action=${rule.action}`];
  if (rule.dsthost) parts.push(`dsthost=${rule.dsthost.kind === 'hostname' ? rule.dsthost.name : formatIpNetwork(rule.dsthost)}`);
  if (rule.proto) parts.push(`proto=${rule.proto}`);
  if (rule.dstports) parts.push(`dstports=${rule.dstports.from === rule.dstports.to ? rule.dstports.from : `${rule.dstports.from}-${rule.dstports.to}`}`);
  if (rule.icmptype !== undefined) parts.push(`icmptype=${rule.icmptype}`);
  if (rule.specialtarget) parts.push(`specialtarget=${rule.specialtarget}`);
  if (rule.expire !== undefined) parts.push(`expire=${rule.expire}`);
  if (rule.comment !== undefined) parts.push(`comment=${rule.comment}`);
  return parts.join(' ');
}
