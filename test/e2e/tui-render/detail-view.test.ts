/**
 * The detail panel drawn into a real terminal emulator with the fake api: `i`
 * on a qube reads its properties, volumes, devices and firewall through the
 * command table (`--format json`) and graphs its CPU and memory.
 */
import { describe, expect, it } from 'vitest';
import type { CommandOutcome, QubeRowView } from '../../../tui/console-api.js';
import { FakeConsoleApi, fakeQube } from './fake-console-api.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, mount, tableNames } from './console-screen.js';

disposeConsolesAfterEach();

const json = (data: unknown): CommandOutcome => ({ ok: true, text: JSON.stringify(data) });

const PREFS = {
  label: { value: 'blue', isDefault: false },
  memory: { value: 400, isDefault: true },
  netvm: { value: 'sys-firewall', isDefault: true },
  template: { value: 'fedora-41', isDefault: false },
};
const VOLUMES = {
  qube: 'work',
  volumes: [
    { volume: 'root', vdev: 'xvda', access: 'ro', path: '/p/fedora-41/root-snapshot.img', sizeMiB: 10240, usedMiB: 3, source: "fedora-41's root as of its last shutdown" },
    { volume: 'private', vdev: 'xvdb', access: 'rw', path: '/p/work/private.img', sizeMiB: 2048, usedMiB: 1, source: 'own' },
    { volume: 'volatile', vdev: 'xvdc', access: 'rw', path: null, sizeMiB: null, usedMiB: null, source: 'made anew at every start' },
  ],
};
const USB = [
  { backend: 'sys-usb', port: '1-1', id: '0781:5581:ABC', name: 'SanDisk Cruzer', attachedTo: 'work', assignedTo: null },
  { backend: 'sys-usb', port: '1-2', id: '046d:c52b', name: 'Logitech Receiver', attachedTo: null, assignedTo: 'personal' },
];
const RULES = ['action=accept dsthost=example.com proto=tcp dstports=443', 'action=accept specialtarget=dns', 'action=drop proto=icmp', 'action=accept dsthost=10.0.0.1'];

/** work, running for five minutes: CPU climbing to 80%, memory from 400 to 700 MiB. */
function workWithHistory(): QubeRowView {
  const at = Array.from({ length: 150 }, (_, i) => 1_000_000 + i * 2000);
  return {
    ...fakeQube(0, 'work'),
    state: 'Running',
    history: { at, cpuPercent: at.map((_, i) => (i >= 140 ? 80 : 2)), memMiB: at.map((_, i) => 400 + i * 2) },
  };
}

function detailApi(qubes: QubeRowView[], answers: Record<string, (argv: string[]) => CommandOutcome> = {}): FakeConsoleApi {
  const api = new FakeConsoleApi(qubes);
  const base: Record<string, (argv: string[]) => CommandOutcome> = {
    prefs: () => json(PREFS),
    volumes: () => json(VOLUMES),
    'usb-ls': () => json(USB),
    'block-ls': () => json([{ backend: 'sys-usb', device: 'sdb', port: '1-1', sizeBytes: String(16 * 2 ** 30), readOnly: false, attachedTo: 'work', vdev: 'xvdi', access: 'rw' }]),
    'firewall-list': (argv) => json({ qube: argv[1], rules: RULES }),
  };
  api.outcome = (argv) => (answers[argv[0] ?? ''] ?? base[argv[0] ?? ''] ?? ((): CommandOutcome => ({ ok: false, error: 'unexpected' })))(argv);
  return api;
}

describe('the detail panel', () => {
  it('i shows the qube: properties set and default, volumes, devices, a firewall summary and graphs', async () => {
    const api = detailApi([workWithHistory()]);
    const c = mount(api, 120, 60);
    await c.waitFor('clipboard empty');
    await c.type('i');
    const lines = await c.waitFor((ls) => ls.some((l) => l.includes('SanDisk')) && ls.some((l) => l.includes('template  fedora-41')), 'every section read');
    const screen = lines.join('\n');
    for (const argv of [['prefs', 'work'], ['volumes', 'work'], ['usb-ls'], ['block-ls'], ['firewall-list', 'work']]) expect(api.runs).toContainEqual([...argv, '--format', 'json']);
    expect(screen).toMatch(/work\s+Running\s+class AppVM\s+template fedora-40/);
    expect(screen).toMatch(/label {5}blue\s/);
    expect(screen).toMatch(/memory {4}400 {2}\(default\)/);
    expect(screen).toMatch(/root\s+xvda\s+ro\s+10240 MiB\s+\(3 MiB used\)\s+fedora-41's root as of its last shutdown/);
    expect(screen).toMatch(/volatile\s+xvdc\s+rw\s+-\s+\(- used\)\s+made anew at every start/);
    expect(screen).toMatch(/usb\s+sys-usb:1-1\s+0781:5581:ABC\s+SanDisk Cruzer\s+attached to work/);
    // Another qube's device is not this one's.
    expect(screen).not.toContain('Logitech');
    expect(screen).toMatch(/block sys-usb:sdb as xvdi \(rw\)\s+16\.0 GiB/);
    expect(screen).toContain('FIREWALL  4 rules, then drop');
    expect(screen).toContain(' 0  action=accept dsthost=example.com proto=tcp dstports=443');
    expect(screen).toContain('… 1 more');
    expect(screen).not.toContain('dsthost=10.0.0.1');
    expect(screen).toContain('CPU 80.0% (max 80.0)');
    expect(screen).toContain('MEMORY 698 MiB (max 698)');
    // Top rows of the graphs: CPU (scale 100%) reaches 80% only in its last columns; memory rises to full.
    const graphTop = lines[lines.findIndex((l) => l.includes('CPU 80.0%')) + 1] ?? '';
    expect(graphTop).toMatch(/^ {20,}▃{3,5} {10,}▁+▂+▃+▄+▅+▆+▇+█+$/);
    const graphBottom = lines[lines.findIndex((l) => l.includes('CPU 80.0%')) + 3] ?? '';
    expect(graphBottom).toMatch(/^ {3}▁{40,}█{3,5} {5}█+$/);
    await c.type(KEYS.escape);
    await c.waitFor((ls) => tableNames(ls).length > 0, 'the table again');
  });

  it('says what failed where a command fails, and draws in ASCII on the Linux console', async () => {
    const api = detailApi([workWithHistory()], {
      'usb-ls': () => ({ ok: false, error: 'sys-usb is not running' }),
      'block-ls': () => ({ ok: false, error: 'unknown command "block-ls"' }),
      'firewall-list': () => json({ qube: 'work', rules: null }),
    });
    const c = mount(api, 100, 60, { ascii: true, colors: 'linux16' });
    await c.waitFor('clipboard empty');
    await c.type('i');
    const screen = (await c.waitFor((ls) => ls.some((l) => l.includes('usb: sys-usb')) && ls.some((l) => l.includes('template  fedora-41')), 'every section read')).join('\n');
    expect(screen).toContain('usb: sys-usb is not running');
    expect(screen).toContain('accept all (no rules)');
    expect(screen).not.toMatch(/[█▁▂▃▄▅▆▇]/);
    expect(screen).toMatch(/#{5,}/);
  });

  it('a halted qube has no graph, one without a netvm no firewall; r reads everything again; G and g scroll a small screen', async () => {
    // More properties than the screen holds, as a real qube has.
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`zz_extra_${i}`, { value: i, isDefault: true }]));
    const api = detailApi([{ ...fakeQube(0, 'work'), state: 'Halted', netvm: null }], { prefs: () => json({ ...PREFS, ...many }) });
    const c = mount(api, 80, 24);
    await c.waitFor('clipboard empty');
    await c.type('i');
    await c.waitFor('the qube is not running');
    await c.waitFor('no netvm: no network at all');
    const reads = api.runs.filter((a) => a[0] === 'prefs').length;
    await c.type('r');
    await c.waitFor(() => api.runs.filter((a) => a[0] === 'prefs').length === reads + 1, 'prefs read again');
    await c.type('G');
    await c.waitFor('zz_extra_11');
    const bottom = await c.screen();
    expect(bottom.join('\n')).not.toContain('the qube is not running');
    await c.type('g');
    await c.waitFor('the qube is not running');
  });
});
