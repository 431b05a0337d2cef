import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIpAddr, parseIpRoute } from '../../../netvm/ip-json.js';
import { readSysfsInterfaces } from '../../../netvm/sysfs-net.js';

describe('parseIpAddr', () => {
  it('maps interface names to ADDRESS/PREFIX of both families', () => {
    const json = JSON.stringify([
      { ifindex: 1, ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }, { family: 'inet6', local: '::1', prefixlen: 128 }] },
      { ifindex: 2, ifname: 'eth0', addr_info: [] },
      { ifindex: 3, ifname: 'vif3.0', addr_info: [{ family: 'inet', local: '10.137.0.1', prefixlen: 32 }, { family: 'bogus', local: 'x', prefixlen: 1 }, { family: 'inet', local: 5 }] },
      { ifindex: 4 },
      'junk',
    ]);
    expect([...parseIpAddr(json)]).toEqual([
      ['lo', ['127.0.0.1/8', '::1/128']],
      ['eth0', []],
      ['vif3.0', ['10.137.0.1/32']],
    ]);
  });

  it('yields nothing from output that is not a JSON array', () => {
    expect(parseIpAddr('').size).toBe(0);
    expect(parseIpAddr('{"ifname":"lo"}').size).toBe(0);
  });
});

describe('parseIpRoute', () => {
  it('reads destination, gateway, device and metric (0 when absent)', () => {
    const v4 = '[{"dst":"default","gateway":"192.0.2.1","dev":"eth0","flags":[]},{"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.2","flags":[]}]';
    const v6 = '[{"dst":"fd00::/64","dev":"eth0","metric":256},{"dst":"default","gateway":"fd00::1","dev":"eth0","metric":1024},{"dev":"eth0"}]';
    expect(parseIpRoute(v4, 4)).toEqual([
      { family: 4, destination: 'default', gateway: '192.0.2.1', device: 'eth0', metric: 0 },
      { family: 4, destination: '192.0.2.0/24', gateway: '', device: 'eth0', metric: 0 },
    ]);
    expect(parseIpRoute(v6, 6)).toEqual([
      { family: 6, destination: 'fd00::/64', gateway: '', device: 'eth0', metric: 256 },
      { family: 6, destination: 'default', gateway: 'fd00::1', device: 'eth0', metric: 1024 },
    ]);
  });
});

describe('readSysfsInterfaces', () => {
  let root: string;

  function iface(name: string, files: Record<string, string>, dirs: string[] = []): void {
    const dir = join(root, name);
    mkdirSync(join(dir, 'statistics'), { recursive: true });
    for (const d of dirs) mkdirSync(join(dir, d));
    for (const [f, v] of Object.entries(files)) writeFileSync(join(dir, f), `${v}\n`);
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'qtui-sysfs-'));
    iface('lo', { type: '772', operstate: 'unknown', address: '00:00:00:00:00:00', mtu: '65536', 'statistics/rx_bytes': '123', 'statistics/tx_bytes': '123' });
    iface('eth0', { type: '1', operstate: 'up', address: '02:fc:00:00:00:01', mtu: '1500', 'statistics/rx_bytes': '18446744073709551615', 'statistics/tx_bytes': '7' }, ['device']);
    iface('wlan0', { type: '1', operstate: 'dormant', address: '02:00:00:00:00:02', mtu: '1500' }, ['device', 'wireless']);
    iface('br0', { type: '1', operstate: 'down', mtu: '1500' }, ['bridge']);
    iface('veth1', { type: '1', operstate: 'up', mtu: 'garbage', 'statistics/rx_bytes': '-5' });
    iface('sit0', { type: '776', operstate: 'down', mtu: '1480' }, ['device']);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads kind, state, MAC, MTU and counters, sorted by name', () => {
    expect(readSysfsInterfaces(root, 256)).toEqual([
      { name: 'br0', kind: 'bridge', state: 'down', mac: '', mtu: 1500, rxBytes: 0n, txBytes: 0n },
      { name: 'eth0', kind: 'ethernet', state: 'up', mac: '02:fc:00:00:00:01', mtu: 1500, rxBytes: 18446744073709551615n, txBytes: 7n },
      { name: 'lo', kind: 'loopback', state: 'unknown', mac: '00:00:00:00:00:00', mtu: 65536, rxBytes: 123n, txBytes: 123n },
      { name: 'sit0', kind: 'other', state: 'down', mac: '', mtu: 1480, rxBytes: 0n, txBytes: 0n },
      { name: 'veth1', kind: 'virtual', state: 'up', mac: '', mtu: 0, rxBytes: 0n, txBytes: 0n },
      { name: 'wlan0', kind: 'wireless', state: 'dormant', mac: '02:00:00:00:00:02', mtu: 1500, rxBytes: 0n, txBytes: 0n },
    ]);
  });

  it('keeps at most `limit` interfaces, and a missing root is no interfaces', () => {
    expect(readSysfsInterfaces(root, 2).map((i) => i.name)).toEqual(['br0', 'eth0']);
    expect(readSysfsInterfaces(join(root, 'missing'), 256)).toEqual([]);
  });
});
