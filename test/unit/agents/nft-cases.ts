/**
 * Rule lists and the nft chain bodies they must compile to; shared by the
 * compiler's unit test and the test that has `nft -c` check every result.
 */
import type { CompileInput } from '../../../netvm/nft-compiler.js';

export const NOW = 1_800_000_000;
export const REJECT = 'reject with icmpx type admin-prohibited';

export const BASE: Omit<CompileInput, 'qubes'> = {
  dnsServers: ['10.139.1.1', '10.139.1.2', 'fd09:24ef:4179::a8b:1'],
  resolved: new Map([
    ['example.com', ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']],
    ['v4only.example', ['192.0.2.10', '192.0.2.11', '192.0.2.10']],
  ]),
  now: NOW,
};

export interface ChainCase {
  name: string;
  rules: string;
  chain: string[];
  warning?: string;
}

export const CHAIN_CASES: ChainCase[] = [
  { name: 'no rules: default drop', rules: '', chain: [REJECT] },
  { name: 'accept all', rules: 'action=accept', chain: ['accept', REJECT] },
  {
    name: 'network and port',
    rules: 'action=accept dsthost=10.0.0.0/8 proto=tcp dstports=443',
    chain: ['ip daddr 10.0.0.0/8 tcp dport 443 accept', REJECT],
  },
  {
    name: 'IPv6 host and a port range, drop',
    rules: 'action=drop dsthost=2001:db8::1 proto=udp dstports=1000-2000',
    chain: [`ip6 daddr 2001:db8::1 udp dport 1000-2000 ${REJECT}`, REJECT],
  },
  {
    name: 'protocol only',
    rules: 'action=accept proto=udp',
    chain: ['meta l4proto udp accept', REJECT],
  },
  {
    name: 'icmp without a destination covers both families',
    rules: 'action=accept proto=icmp icmptype=8',
    chain: ['meta l4proto icmp icmp type 8 accept', 'meta l4proto ipv6-icmp icmpv6 type 8 accept', REJECT],
  },
  {
    name: 'icmp to an IPv4 network',
    rules: 'action=accept dsthost=192.168.0.0/16 proto=icmp',
    chain: ['ip daddr 192.168.0.0/16 meta l4proto icmp accept', REJECT],
  },
  {
    name: 'dns: both protocols to the DNS servers of each family',
    rules: 'action=accept specialtarget=dns',
    chain: [
      'ip daddr { 10.139.1.1, 10.139.1.2 } meta l4proto { tcp, udp } th dport 53 accept',
      'ip6 daddr fd09:24ef:4179::a8b:1 meta l4proto { tcp, udp } th dport 53 accept',
      REJECT,
    ],
  },
  {
    name: 'dns over udp only',
    rules: 'action=accept specialtarget=dns proto=udp',
    chain: ['ip daddr { 10.139.1.1, 10.139.1.2 } udp dport 53 accept', 'ip6 daddr fd09:24ef:4179::a8b:1 udp dport 53 accept', REJECT],
  },
  {
    name: 'host names use the caller’s resolution, duplicates once',
    rules: 'action=accept dsthost=example.com proto=tcp dstports=443\naction=accept dsthost=v4only.example',
    chain: [
      'ip daddr 93.184.215.14 tcp dport 443 accept',
      'ip6 daddr 2606:2800:21f:cb07:6820:80da:af6b:8b2c tcp dport 443 accept',
      'ip daddr { 192.0.2.10, 192.0.2.11 } accept',
      REJECT,
    ],
  },
  {
    name: 'first match wins: order is kept',
    rules: 'action=drop dsthost=10.0.0.66\naction=accept dsthost=10.0.0.0/24\naction=drop',
    chain: [`ip daddr 10.0.0.66 ${REJECT}`, 'ip daddr 10.0.0.0/24 accept', REJECT, REJECT],
  },
  {
    name: 'expired rules are left out; live ones stay',
    rules: `action=accept proto=tcp dstports=22 expire=${NOW - 1}\naction=accept proto=tcp dstports=80 expire=${NOW}\naction=accept proto=tcp dstports=443 expire=${NOW + 1}`,
    chain: ['tcp dport 443 accept', REJECT],
  },
  {
    name: 'comments are carried, with quotes made harmless',
    rules: 'action=accept proto=tcp dstports=443 comment=web "secure" \\ ok',
    chain: ['tcp dport 443 accept comment "web ?secure? ? ok"', REJECT],
  },
  {
    name: 'an unresolved host blocks the whole qube',
    rules: 'action=accept proto=udp\naction=accept dsthost=nowhere.invalid',
    chain: [REJECT],
    warning: 'work: host nowhere.invalid did not resolve; blocking all its traffic',
  },
];
