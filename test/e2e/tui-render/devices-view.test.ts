/**
 * The devices view drawn into a real terminal emulator with the fake api:
 * usb-ls and block-ls read live, and the command each key runs.
 */
import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../tui/console-api.js';
import type { UsbRow } from '../../../tui/views/device-data.js';
import { devicesView } from '../../../tui/views/devices-view.js';
import { FakeConsoleApi } from './fake-console-api.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, mount } from './console-screen.js';

disposeConsolesAfterEach();

const json = (data: unknown): CommandOutcome => ({ ok: true, text: JSON.stringify(data) });

const CRUZER: UsbRow = { backend: 'sys-usb', port: '1-1', id: '0781:5581:ABC', name: 'SanDisk Cruzer', attachedTo: null, assignedTo: null };
const MOUSE: UsbRow = { backend: 'sys-usb', port: '1-2', id: '046d:c52b', name: 'Logitech Receiver', attachedTo: 'work', assignedTo: 'work' };
const DISK = { backend: 'sys-usb', device: 'sdb', port: '1-1', sizeBytes: String(16 * 2 ** 30), readOnly: false, attachedTo: null, vdev: null, access: null };

function devicesApi(usb: () => CommandOutcome, block: () => CommandOutcome = () => json([DISK])): FakeConsoleApi {
  const api = new FakeConsoleApi();
  api.outcome = (argv) => (argv[0] === 'usb-ls' ? usb() : argv[0] === 'block-ls' ? block() : { ok: true, text: `${argv[0] ?? ''}: ok` });
  return api;
}

const mutations = (api: FakeConsoleApi): string[][] => api.runs.filter((a) => !a.includes('--format'));

describe('the devices view', () => {
  it('D lists USB devices and disks with where they are; a device plugged in appears without a key', async () => {
    let usb: UsbRow[] = [MOUSE];
    const api = devicesApi(() => json(usb));
    const c = mount(api, 120, 30);
    await c.waitFor('clipboard empty');
    await c.type('D');
    const lines = await c.waitFor('Logitech');
    expect(lines.join('\n')).toMatch(/usb\s+sys-usb:1-2\s+046d:c52b\s+Logitech Receiver\s+work\s+work/);
    expect(lines.join('\n')).toMatch(/block\s+sys-usb:sdb\s+16\.0 GiB\s+USB disk at 1-1/);
    expect(lines.join('\n')).toContain('USB devices: 1');
    expect(api.runs).toContainEqual(['usb-ls', '--format', 'json']);
    expect(api.runs).toContainEqual(['block-ls', '--format', 'json']);
    usb = [CRUZER, MOUSE];
    await c.waitFor('SanDisk Cruzer');
  });

  it('a asks which qube (Tab completes running ones) and attaches; d detaches; s assigns; u unassigns', async () => {
    const api = devicesApi(() => json([CRUZER, MOUSE]));
    const c = mount(api, 120, 30);
    await c.waitFor('clipboard empty');
    await c.type('D');
    await c.waitFor('SanDisk');
    await c.type('a');
    await c.waitFor('attach sys-usb:1-1 to qube:');
    // Among the fake's running qubes only "personal" starts with "pe".
    await c.type('pe', KEYS.tab);
    await c.waitFor('to qube: personal');
    await c.type(KEYS.enter);
    await c.waitFor(() => mutations(api).length === 1, 'the attach');
    expect(mutations(api)).toEqual([['usb-attach', 'personal', '1-1']]);
    // The cruzer is not attached: d says so and runs nothing.
    await c.type('d');
    await c.waitFor('sys-usb:1-1 is not attached');
    await c.type('j', 'd');
    await c.waitFor(() => mutations(api).length === 2, 'the detach');
    await c.type('u');
    await c.waitFor(() => mutations(api).length === 3, 'the unassign');
    await c.type('k', 's', 'vault', KEYS.enter);
    await c.waitFor(() => mutations(api).length === 4, 'the assign');
    expect(mutations(api).slice(1)).toEqual([
      ['usb-detach', 'work', '1-2'],
      ['usb-assign', 'work', '046d:c52b', '--remove'],
      ['usb-assign', 'vault', '0781:5581:ABC'],
    ]);
    // Esc closes a question without running anything, and the view stays.
    await c.type('a');
    await c.waitFor('attach sys-usb:1-1 to qube:');
    await c.type(KEYS.escape);
    await c.waitFor((ls) => !ls.some((l) => l.includes('to qube:')), 'the question closed');
    expect(mutations(api)).toHaveLength(4);
    expect((await c.screen()).join('\n')).toContain('SanDisk');
  });

  it('attaches a disk read-only with A and detaches it by its vdev', async () => {
    const api = devicesApi(() => json([]), () => json([DISK, { ...DISK, device: 'sdc', attachedTo: 'work', vdev: 'xvdi', access: 'rw' }]));
    const c = mount(api, 120, 30);
    await c.waitFor('clipboard empty');
    await c.type('D');
    await c.waitFor('sys-usb:sdc');
    await c.type('A');
    await c.waitFor('attach disk sys-usb:sdb read-only to qube:');
    await c.type('personal', KEYS.enter);
    await c.type('j', 'd');
    await c.waitFor(() => mutations(api).length === 2, 'attach and detach');
    expect(mutations(api)).toEqual([
      ['block-attach', 'personal', 'sys-usb:sdb', '--ro'],
      ['block-detach', 'work', 'xvdi'],
    ]);
  });

  it('says so when sys-usb is down, and keeps the view', async () => {
    const api = devicesApi(() => ({ ok: false, error: 'sys-usb is not running' }), () => ({ ok: false, error: 'sys-usb is not running' }));
    const c = mount(api, 100, 30);
    await c.waitFor('clipboard empty');
    await c.type('D');
    const screen = (await c.waitFor('USB devices: sys-usb is not running')).join('\n');
    expect(screen).toContain('USB disks: sys-usb is not running');
    await c.type('a');
    await c.waitFor('no device under the cursor');
  });

  it('fits 80 columns: the name is cut, where the device is attached and assigned is not', async () => {
    const api = devicesApi(() => json([MOUSE]));
    const c = mount(api, 80, 24);
    await c.waitFor('clipboard empty');
    await c.type('D');
    const lines = await c.waitFor('Logitech');
    expect(lines.find((l) => l.includes('Logitech'))).toMatch(/^▶ {2}usb {3}sys-usb:1-2 {4}046d:c52b {7}Logitech … work {13}work\s*$/);
  });

  it('lists its keys in its help', () => {
    for (const k of ['a', 'A', 'd', 's', 'u']) expect(devicesView.viewKeys.some((v) => v.keys === k)).toBe(true);
  });
});
