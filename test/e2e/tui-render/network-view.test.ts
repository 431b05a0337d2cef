/**
 * The network view drawn into a real terminal emulator with the fake api:
 * sys-net's interfaces and Wi-Fi, a qube's firewall rules, and the command
 * each key runs (deleting and resetting ask first).
 */
import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../tui/console-api.js';
import { FakeConsoleApi } from './fake-console-api.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, mount } from './console-screen.js';

disposeConsolesAfterEach();

const json = (data: unknown): CommandOutcome => ({ ok: true, text: JSON.stringify(data) });

const STATUS = {
  qube: 'sys-net',
  interfaces: [
    { name: 'lo', kind: 'loopback', state: 'unknown', mac: '00:00:00:00:00:00', mtu: 65536, addresses: ['127.0.0.1/8'], rxBytes: '1024', txBytes: '1024' },
    { name: 'eth0', kind: 'ethernet', state: 'up', mac: '02:00:00:00:00:01', mtu: 1500, addresses: ['192.168.1.20/24'], rxBytes: String(3 * 2 ** 30), txBytes: String(5 * 2 ** 20) },
  ],
  wifi: { ssid: 'qtui-sim-cafe', simulated: true },
};
const WIFI = {
  qube: 'sys-net',
  simulated: true,
  networks: [
    { ssid: 'qtui-sim-home', bssid: '02:00:00:00:01:01', signal: 82, security: 'WPA2' },
    { ssid: 'qtui-sim-cafe', bssid: '02:00:00:00:01:02', signal: 47, security: 'open' },
    // A qube's text may hold control characters: drawn, they are only spaces.
    { ssid: 'evil\u001b[2Jnet', bssid: '02:00:00:00:01:03', signal: 5, security: 'WPA3' },
  ],
};

function networkApi(rules: Record<string, string[] | null> = { personal: ['action=accept dsthost=example.com proto=tcp dstports=443', 'action=drop proto=icmp'] }): FakeConsoleApi {
  const api = new FakeConsoleApi();
  api.outcome = (argv) => {
    if (argv[0] === 'net-status') return json(STATUS);
    if (argv[0] === 'net-wifi-list') return json(WIFI);
    if (argv[0] === 'firewall-list') return json({ qube: argv[1], rules: rules[argv[1] ?? ''] ?? null });
    return { ok: true, text: `${argv[0] ?? ''}: ok` };
  };
  return api;
}

const mutations = (api: FakeConsoleApi): string[][] => api.runs.filter((a) => !a.includes('--format'));

/** Opens the network view on `personal` (the filter leaves it alone under the cursor). */
async function openOnPersonal(api: FakeConsoleApi) {
  const c = mount(api, 120, 36);
  await c.waitFor('clipboard empty');
  await c.type('/', 'personal', KEYS.enter);
  await c.waitFor('1 of 20 qubes');
  await c.type('N');
  await c.waitFor('FIREWALL of personal:');
  return c;
}

describe('the network view', () => {
  it("N shows sys-net's interfaces, the Wi-Fi list marked simulated, and the qube's firewall rules", async () => {
    const api = networkApi();
    const c = await openOnPersonal(api);
    const screen = (await c.waitFor('qtui-sim-home')).join('\n');
    expect(screen).toContain('FIREWALL of personal: 2 rules, then drop');
    expect(screen).toContain('NETWORK  sys-net');
    expect(screen).toMatch(/eth0\s+ethernet\s+up\s+3\.0 GiB\s+5 MiB\s+192\.168\.1\.20\/24/);
    expect(screen).toMatch(/lo\s+loopback/);
    expect(screen).toContain('WI-FI  on qtui-sim-cafe  (simulated networks)');
    // The network sys-net is on is marked.
    expect(screen).toMatch(/ ●qtui-sim-cafe\s+47%\s+open/);
    expect(screen).toMatch(/ {2}qtui-sim-home\s+82%\s+WPA2/);
    expect(screen).toMatch(/evil \[2Jnet\s+5%\s+WPA3/);
    expect(screen).toMatch(/ 0 {2}action=accept dsthost=example\.com proto=tcp dstports=443/);
    expect(screen).toMatch(/ 1 {2}action=drop proto=icmp/);
    for (const argv of [['net-status'], ['net-wifi-list'], ['firewall-list', 'personal']]) expect(api.runs).toContainEqual([...argv, '--format', 'json']);
  });

  it('connects to an open network at once and asks a passphrase, hidden, for a secured one', async () => {
    const api = networkApi();
    const c = await openOnPersonal(api);
    await c.type('j', KEYS.enter);
    await c.waitFor(() => mutations(api).length === 1, 'the connect');
    await c.type('k', KEYS.enter);
    await c.waitFor('passphrase for qtui-sim-home:');
    await c.type('s3cret!');
    const asking = (await c.waitFor('*******')).join('\n');
    expect(asking).not.toContain('s3cret');
    await c.type(KEYS.enter);
    await c.waitFor(() => mutations(api).length === 2, 'the second connect');
    await c.type('d');
    await c.waitFor(() => mutations(api).length === 3, 'the disconnect');
    expect(mutations(api)).toEqual([
      ['net-connect', 'qtui-sim-cafe'],
      ['net-connect', 'qtui-sim-home', '--passphrase', 's3cret!'],
      ['net-disconnect'],
    ]);
  });

  it('adds a rule from a typed line; deletes the selected rule and resets, each after a confirmation', async () => {
    const api = networkApi();
    const c = await openOnPersonal(api);
    await c.type('x');
    await c.waitFor('Tab to the firewall rules first');
    await c.type(KEYS.tab, 'a');
    await c.waitFor('add to personal');
    await c.type('action=accept dsthost=10.0.0.1 proto=tcp dstports=22', KEYS.enter);
    await c.waitFor(() => mutations(api).length === 1, 'the add');
    expect(mutations(api)[0]).toEqual(['firewall-add', 'personal', 'action=accept', 'dsthost=10.0.0.1', 'proto=tcp', 'dstports=22']);
    // The rules keep the focus after the add.
    await c.type('j', 'x');
    await c.waitFor('Delete rule 1 of personal?');
    expect(mutations(api)).toHaveLength(1);
    await c.type('y');
    await c.waitFor(() => mutations(api).length === 2, 'the delete');
    expect(mutations(api)[1]).toEqual(['firewall-del', 'personal', '1']);
    await c.waitFor('FIREWALL of personal');
    await c.type('R');
    await c.waitFor('Reset the firewall of personal?');
    await c.type('n');
    await c.waitFor('FIREWALL of personal');
    expect(mutations(api)).toHaveLength(2);
  });

  it('f chooses another qube, completing its name; a qube without rules accepts all', async () => {
    const api = networkApi();
    const c = await openOnPersonal(api);
    await c.type('f');
    await c.waitFor('firewall of qube:');
    await c.type('vau', KEYS.tab, KEYS.enter);
    await c.waitFor('FIREWALL of vault: accept all (no rules)');
    expect(api.runs).toContainEqual(['firewall-list', 'vault', '--format', 'json']);
    // The confirmation takes the view's place; the view comes back on vault, not on the table's qube.
    await c.type('R');
    await c.waitFor('Reset the firewall of vault?');
    await c.type('y');
    await c.waitFor(() => mutations(api).length === 1, 'the reset');
    expect(mutations(api)).toEqual([['firewall-reset', 'vault']]);
    await c.waitFor('FIREWALL of vault: accept all (no rules)');
  });

  it('says why when sys-net is down', async () => {
    const api = networkApi();
    api.outcome = (argv) => (argv[0] === 'firewall-list' ? json({ qube: argv[1], rules: null }) : { ok: false, error: 'sys-net is not running' });
    const c = await openOnPersonal(api);
    const screen = (await c.waitFor('sys-net is not running')).join('\n');
    expect(screen.match(/sys-net is not running/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
