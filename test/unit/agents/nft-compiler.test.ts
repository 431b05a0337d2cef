import { describe, expect, it } from 'vitest';
import { parseRules, type FirewallRule } from '../../../netvm/firewall-rules.js';
import { compileFirewall, compileQubeChain, FirewallInputError, nextExpiry } from '../../../netvm/nft-compiler.js';
import { BASE, CHAIN_CASES, NOW, REJECT } from './nft-cases.js';

function rules(text: string): FirewallRule[] {
  const r = parseRules(text, NOW);
  if (!r.ok) throw new Error(r.error);
  return r.rules;
}

describe('compileQubeChain', () => {
  it.each(CHAIN_CASES)('$name', ({ rules: text, chain, warning }) => {
    const out = compileQubeChain({ name: 'work', ip4: '10.137.0.5', rules: rules(text) }, { ...BASE, qubes: [] });
    expect(out.lines).toEqual(chain);
    expect(out.warning).toBe(warning);
  });

  it('a dns rule with no DNS servers can match nothing and is left out', () => {
    const out = compileQubeChain({ name: 'work', ip4: '10.137.0.5', rules: rules('action=accept specialtarget=dns') }, { ...BASE, dnsServers: [], qubes: [] });
    expect(out.lines).toEqual([REJECT]);
  });
});

describe('compileFirewall', () => {
  it('builds the whole table: forward chain by source address, one chain per qube', () => {
    const { ruleset, warnings } = compileFirewall({
      ...BASE,
      qubes: [
        { name: 'work', ip4: '10.137.0.5', ip6: 'FD09:24EF:4179::A89:5', rules: rules('action=accept specialtarget=dns\naction=accept dsthost=10.0.0.0/8 proto=tcp dstports=443') },
        { name: 'vault', ip4: '10.137.0.9', rules: [] },
      ],
    });
    expect(warnings).toEqual([]);
    expect(ruleset).toBe(
      [
        'table inet qubes-firewall',
        'delete table inet qubes-firewall',
        'table inet qubes-firewall {',
        '\tchain forward {',
        '\t\ttype filter hook forward priority filter; policy drop;',
        '\t\tct state established,related accept',
        '\t\tiifname != "vif*" accept',
        '\t\tip saddr 10.137.0.5 jump qbs-work',
        '\t\tip6 saddr fd09:24ef:4179::a89:5 jump qbs-work',
        '\t\tip saddr 10.137.0.9 jump qbs-vault',
        '\t}',
        '\tchain qbs-work {',
        '\t\tip daddr { 10.139.1.1, 10.139.1.2 } meta l4proto { tcp, udp } th dport 53 accept',
        '\t\tip6 daddr fd09:24ef:4179::a8b:1 meta l4proto { tcp, udp } th dport 53 accept',
        '\t\tip daddr 10.0.0.0/8 tcp dport 443 accept',
        `\t\t${REJECT}`,
        '\t}',
        '\tchain qbs-vault {',
        `\t\t${REJECT}`,
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [{ name: 'bad name!', ip4: '10.137.0.5', rules: [] }, 'not a qube name'],
    [{ name: 'work', rules: [] }, 'has no address'],
    [{ name: 'work', ip4: '10.137.0.500', rules: [] }, 'is not an IPv4 address'],
    [{ name: 'work', ip6: '10.137.0.5', rules: [] }, 'is not an IPv6 address'],
  ])('refuses malformed input %#', (qube, message) => {
    expect(() => compileFirewall({ ...BASE, qubes: [qube] })).toThrow(FirewallInputError);
    expect(() => compileFirewall({ ...BASE, qubes: [qube] })).toThrow(message);
  });

  it('refuses a qube given twice, a bad DNS server, a bad resolution', () => {
    const q = { name: 'work', ip4: '10.137.0.5', rules: [] };
    expect(() => compileFirewall({ ...BASE, qubes: [q, q] })).toThrow('given twice');
    expect(() => compileFirewall({ ...BASE, dnsServers: ['dns.example'], qubes: [q] })).toThrow('is not an address');
    expect(() => compileFirewall({ ...BASE, resolved: new Map([['h', ['x; flush ruleset']]]), qubes: [q] })).toThrow('not an address');
  });
});

describe('nextExpiry', () => {
  it('is the earliest expire still ahead, across qubes', () => {
    const qubes = [
      { name: 'a', ip4: '10.137.0.5', rules: rules(`action=accept expire=${NOW - 5}\naction=accept expire=${NOW + 50}`) },
      { name: 'b', ip4: '10.137.0.6', rules: rules(`action=accept expire=${NOW + 20}\naction=drop`) },
    ];
    expect(nextExpiry(qubes, NOW)).toBe(NOW + 20);
    expect(nextExpiry(qubes, NOW + 20)).toBe(NOW + 50);
    expect(nextExpiry(qubes, NOW + 50)).toBeUndefined();
  });
});
