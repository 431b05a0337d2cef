/**
 * The detail panel and the devices view end to end: the real qtui in a real
 * pty on the simulated host, read back through a terminal emulator; a USB
 * device plugged into the simulated sys-usb's sysfs tree shows in the view
 * with no key pressed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainFolder } from '../../xen-bridge/sim/sim-state.js';
import { UsbTree } from '../integration/agents/usb-tree.js';
import { buildOnce } from '../support/sim-host.js';
import { PaneHost, Screen } from './panes/pane-screen.js';

let host: PaneHost;
let s: Screen | undefined;

beforeAll(async () => {
  await buildOnce();
  host = new PaneHost();
}, 180_000);

afterAll(async () => {
  s?.proc.kill();
  await host.teardown();
});

describe('the console views in a real terminal', { timeout: 150_000 }, () => {
  it('i opens the detail panel of the qube under the cursor: its properties, set and default, and its volumes', async () => {
    const screen = new Screen(host.env);
    s = screen;
    await screen.until('the qube table', () => screen.text().includes('sys-firewall'), 30_000);
    await screen.type('/vault');
    await screen.until('the filter', () => screen.text().includes('filter "vault"'));
    await screen.type('\r');
    await screen.type('i');
    await screen.until('the detail panel', () => screen.text().includes('PROPERTIES') && /private\s+xvdb\s+rw\s+\d+ MiB/.test(screen.text()), 20_000);
    expect(screen.text()).toMatch(/vault\s+Halted\s+class AppVM\s+template fedora-41/);
    expect(screen.text()).toMatch(/root\s+xvda\s+ro\s+\d+ MiB.*fedora-41's root as of its last shutdown/);
    expect(screen.text()).toContain('the qube is not running');
    // Every property `prefs vault` lists is in the panel: the last one shows at the bottom (G).
    const prefs = (await host.qtui('prefs', 'vault')).out.trim().split('\n');
    const last = prefs[prefs.length - 1]?.split(/\s+/)[0] ?? '';
    expect(last).not.toBe('');
    await screen.type('G');
    await screen.until(`the last property, ${last}`, () => screen.lines().some((l) => l.trimStart().startsWith(`${last} `)));
    // label is set on vault (black), netvm too (none): drawn as set, without "(default)".
    expect(screen.lines().find((l) => /^\s+label\s/.test(l))).toMatch(/label\s+black\s*$/);
    await screen.type('\x1b');
    await screen.until('the table again', () => screen.text().includes('filter "vault"'));
  });

  it("graphs a running qube's CPU and memory from the daemon's live samples", async () => {
    const screen = s ?? new Screen(host.env);
    s = screen;
    // Esc on the table clears the filter; sys-net runs from the start (autostart).
    await screen.type('\x1b');
    await screen.until('the whole table', () => !screen.text().includes('filter "vault"'));
    await screen.type('/sys-net');
    await screen.until('the filter', () => screen.text().includes('filter "sys-net"'));
    await screen.type('\r');
    await screen.type('i');
    await screen.until('the graphs', () => /CPU \d+\.\d% \(max \d+\.\d\)\s+MEMORY \d+ MiB \(max \d+\)/.test(screen.text()), 30_000);
    expect(screen.text()).toMatch(/sys-net\s+Running/);
    expect(screen.text()).toMatch(/-5 min\s+now\s+-5 min\s+now/);
    await screen.type('\x1b');
    await screen.until('the table again', () => screen.text().includes('Enter pane'));
  });

  it('D lists the devices of sys-usb; a device plugged in shows without a key', async () => {
    const screen = s ?? new Screen(host.env);
    s = screen;
    await screen.type('D');
    // sys-usb starts with the daemon: its bus and agent may take a moment.
    await screen.until('sys-usb to answer', () => /USB devices: (none|\d+)/.test(screen.text()), 60_000);
    const tree = new UsbTree(join(domainFolder(join(host.dir, 'state', 'sim'), 'sys-usb'), 'sysfs-usb'));
    tree.plug({ port: '1-2', bus: 1, device: 7, vendorId: '0781', productId: '5581', manufacturer: 'SanDisk', product: 'Cruzer Blade', serial: 'E2E42' });
    await screen.until('the plugged device', () => /usb\s+sys-usb:1-2\s+0781:5581:E2E4.\s+SanDisk Cruzer Blade/.test(screen.text()), 15_000);
    tree.unplug('1-2');
    await screen.until('the device gone', () => !screen.text().includes('Cruzer Blade'), 15_000);
    await screen.type('\x1b');
    await screen.until('the table again', () => screen.text().includes('Enter pane'));
    await screen.type('d');
    expect(await screen.exited).toBe(0);
  });
});
