import { describe, expect, it } from 'vitest';
import { formatRule, parseRule, parseRules, type FirewallRule } from '../../../netvm/firewall-rules.js';
import { parseIpNetwork } from '../../../netvm/ip-address.js';

const NOW = 1_800_000_000;

describe('parseRule accepts qvm-firewall rules', () => {
  it.each<[string, FirewallRule]>([
    ['action=accept', { action: 'accept' }],
    ['action=drop', { action: 'drop' }],
    ['action=accept dsthost=10.0.0.0/8 proto=tcp dstports=443', { action: 'accept', dsthost: { kind: 'network', family: 4, address: '10.0.0.0', prefix: 8 }, proto: 'tcp', dstports: { from: 443, to: 443 } }],
    ['action=accept dsthost=192.168.1.7', { action: 'accept', dsthost: { kind: 'network', family: 4, address: '192.168.1.7', prefix: 32 } }],
    ['action=drop dsthost=2001:DB8::/32 proto=udp dstports=1000-2000', { action: 'drop', dsthost: { kind: 'network', family: 6, address: '2001:db8::', prefix: 32 }, proto: 'udp', dstports: { from: 1000, to: 2000 } }],
    ['action=accept dsthost=Example.COM.', { action: 'accept', dsthost: { kind: 'hostname', name: 'example.com' } }],
    ['action=accept proto=icmp icmptype=8', { action: 'accept', proto: 'icmp', icmptype: 8 }],
    ['action=accept specialtarget=dns', { action: 'accept', specialtarget: 'dns' }],
    ['action=accept specialtarget=dns proto=udp dstports=53', { action: 'accept', specialtarget: 'dns', proto: 'udp', dstports: { from: 53, to: 53 } }],
    ['action=accept expire=1900000000', { action: 'accept', expire: 1_900_000_000 }],
    ['action=accept expire=+3600', { action: 'accept', expire: NOW + 3600 }],
    ['action=accept proto=tcp comment=web = http and https, "quoted"', { action: 'accept', proto: 'tcp', comment: 'web = http and https, "quoted"' }],
    ['  action=accept   proto=udp  ', { action: 'accept', proto: 'udp' }],
  ])('%s', (text, rule) => {
    expect(parseRule(text, NOW)).toEqual({ ok: true, rule });
  });
});

describe('parseRule refuses with a clear error', () => {
  it.each([
    ['', 'action is required'],
    ['proto=tcp', 'action is required'],
    ['action=allow', 'action: "allow" is not accept or drop'],
    ['action=accept action=drop', 'action given twice'],
    ['action=accept port=80', 'unknown key "port"'],
    ['action=accept dsthost', '"dsthost" is not KEY=VALUE'],
    ['action=accept proto=', 'proto has no value'],
    ['action=accept proto=sctp', 'proto: "sctp" is not tcp, udp or icmp'],
    ['action=accept dsthost=10.0.0.1/8', 'has host bits set beyond /8'],
    ['action=accept dsthost=10.0.0.300', 'is not an IPv4 or IPv6 address'],
    ['action=accept dsthost=10.0.0.0/33', 'the prefix length must be 0 to 32'],
    ['action=accept dsthost=fe80::1%eth0', 'is not an IPv4 or IPv6 address'],
    ['action=accept dsthost=bad_host!', 'is neither an address nor a host name'],
    ['action=accept dstports=80', 'dstports needs proto=tcp or proto=udp'],
    ['action=accept proto=icmp dstports=80', 'dstports needs proto=tcp or proto=udp'],
    ['action=accept proto=tcp dstports=0', 'is not a port'],
    ['action=accept proto=tcp dstports=65536', 'is not a port'],
    ['action=accept proto=tcp dstports=90-80', 'ends before it starts'],
    ['action=accept proto=tcp dstports=1-2-3', 'is not a port'],
    ['action=accept icmptype=8', 'icmptype needs proto=icmp'],
    ['action=accept proto=icmp icmptype=256', 'is not 0-255'],
    ['action=accept specialtarget=ntp', 'is not dns'],
    ['action=accept specialtarget=dns dsthost=1.1.1.1', 'drop dsthost'],
    ['action=accept specialtarget=dns proto=icmp', 'not icmp'],
    ['action=accept specialtarget=dns proto=tcp dstports=80', 'port 53 only'],
    ['action=accept expire=tomorrow', 'is not seconds since the epoch'],
    ['action=accept comment=a\u0007b', 'control characters'],
    [`action=accept comment=${'x'.repeat(257)}`, 'longer than 256'],
  ])('%j', (text, message) => {
    const r = parseRule(text, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});

describe('formatRule', () => {
  it.each([
    'action=accept dsthost=10.0.0.0/8 proto=tcp dstports=443',
    'action=drop dsthost=2001:db8::1 proto=udp dstports=1000-2000',
    'action=accept dsthost=example.com',
    'action=accept proto=icmp icmptype=0',
    'action=accept specialtarget=dns',
    'action=drop expire=1900000000 comment=until the 2030s',
  ])('reads back %s', (text) => {
    const r = parseRule(text, NOW);
    if (!r.ok) throw new Error(r.error);
    expect(formatRule(r.rule)).toBe(text);
  });
});

describe('parseRules', () => {
  it('skips blank and comment lines and numbers errors by line', () => {
    expect(parseRules('# web only\n\naction=accept proto=tcp dstports=443\naction=drop\n', NOW)).toEqual({
      ok: true,
      rules: [{ action: 'accept', proto: 'tcp', dstports: { from: 443, to: 443 } }, { action: 'drop' }],
    });
    expect(parseRules('action=accept\nbogus\n', NOW)).toEqual({ ok: false, error: 'line 2: "bogus" is not KEY=VALUE' });
  });
});

describe('parseIpNetwork', () => {
  it.each([
    ['::ffff:10.0.0.0/104', { family: 6, address: '::ffff:10.0.0.0', prefix: 104 }],
    ['::/0', { family: 6, address: '::', prefix: 0 }],
    ['0.0.0.0/0', { family: 4, address: '0.0.0.0', prefix: 0 }],
    ['fd00::/8', { family: 6, address: 'fd00::', prefix: 8 }],
  ])('%s', (text, net) => expect(parseIpNetwork(text)).toEqual(net));

  it('checks host bits in IPv6 and embedded IPv4', () => {
    expect(parseIpNetwork('fd00::1/64')).toContain('host bits');
    expect(parseIpNetwork('::ffff:10.0.0.1/120')).toContain('host bits');
    expect(parseIpNetwork('2001:db8:0:1::/63')).toContain('host bits');
  });
});
