/**
 * What the service qubes offer, through the daemon on the simulated host:
 * sys-usb's devices (its simulated sysfs tree is edited as a kernel would,
 * and what Xen was asked to do is read back with the simulated `xl
 * usb-list` / `xl block-list`), and sys-net's simulated Wi-Fi.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainFolder } from '../../../xen-bridge/sim/sim-state.js';
import { parseXlUsbList } from '../../../xen-bridge/parsers/xl-usb-list-parser.js';
import { parseXlBlockList } from '../../../xen-bridge/parsers/xl-block-list-parser.js';
import { DaemonFixture, OPERATOR, VIEWER } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';
import { UsbTree } from '../agents/usb-tree.js';
import { waitFor } from '../relay/relay-fixture.js';
import { makeClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { runSsh } from '../../fixtures/ssh/ssh-test-server.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let f: DaemonFixture;
let tree: UsbTree;
beforeAll(async () => {
  await buildOnce();
  f = await DaemonFixture.start();
  for (const q of ['sys-usb', 'sys-net']) await waitFor(`the link to ${q}`, () => f.daemon.ctx.relay.status(q).state === 'up', 30_000);
  tree = new UsbTree(join(domainFolder(f.paths.simDir, 'sys-usb'), 'sysfs-usb'));
  await f.run(['start', 'work']);
}, 180_000);
afterAll(() => f.teardown(), 60_000);

interface UsbRow {
  port: string;
  attachedTo: string | null;
  assignedTo: string | null;
}

async function usbLs(): Promise<UsbRow[]> {
  return (await f.run(['usb', 'ls', '--format', 'json'], VIEWER)).data as UsbRow[];
}

async function usbDevices(qube: string): Promise<{ hostbus: number; hostaddr: number }[]> {
  const parsed = parseXlUsbList(await f.xl('usb-list', qube));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value.flatMap((c) => c.devices.map((d) => ({ hostbus: d.hostbus, hostaddr: d.hostaddr })));
}

async function failure(argv: string[]): Promise<string> {
  const e = await f.run(argv, OPERATOR).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof Error)) throw new Error(`${argv.join(' ')} did not fail`);
  return e.message;
}

// Every step runs the simulated xl a few times; a loaded machine makes that slow.
describe('USB devices of sys-usb through xl', { timeout: 90_000 }, () => {
  it('a device plugged into sys-usb shows in usb ls', async () => {
    tree.plug({ port: '1-2', bus: 1, device: 5, vendorId: '046d', productId: 'c52b', manufacturer: 'Logitech', product: 'Receiver', interfaceClasses: ['03'] });
    // The agent looks every 300 ms; the generous limit is for a loaded machine.
    await expect.poll(async () => (await usbLs()).map((r) => r.port), { timeout: 5_000, interval: 100 }).toContain('1-2');
  });

  it('attach puts it on a controller of the qube served by sys-usb; usb ls says where; detach takes it back', async () => {
    const r = await f.run(['usb', 'attach', 'work', '1-2'], OPERATOR);
    expect(r.text).toContain('attached sys-usb:1-2 to work');
    expect(await usbDevices('work')).toEqual([{ hostbus: 1, hostaddr: 5 }]);
    const ctrl = parseXlUsbList(await f.xl('usb-list', 'work'));
    const usbDomid = Number((await f.xl('domid', 'sys-usb')).trim());
    expect(ctrl.ok && ctrl.value.map((c) => c.backendId)).toEqual([usbDomid]);
    expect((await usbLs()).find((d) => d.port === '1-2')?.attachedTo).toBe('work');

    expect(await failure(['usb', 'attach', 'work', '1-2'])).toMatch(/already attached to work/);

    await f.run(['usb', 'detach', 'work', '1-2'], OPERATOR);
    expect(await usbDevices('work')).toEqual([]);
    expect((await usbLs()).find((d) => d.port === '1-2')?.attachedTo).toBeNull();
    expect(await failure(['usb', 'detach', 'work', '1-2'])).toMatch(/not attached to work/);
  });

  it('refuses a halted qube and a device sys-usb does not have', async () => {
    expect(await failure(['usb', 'attach', 'vault', '1-2'])).toMatch(/vault is not running/);
    expect(await failure(['usb', 'attach', 'work', '3-9'])).toMatch(/sys-usb has no USB device 3-9/);
    expect(await failure(['usb', 'attach', 'sys-usb', '1-2'])).toMatch(/sys-usb is the backend itself/);
    expect(await usbDevices('work')).toEqual([]);
  });

  it('refuses a device attached to another qube', async () => {
    await f.run(['start', 'personal']);
    await f.run(['usb', 'attach', 'work', '1-2'], OPERATOR);
    expect(await failure(['usb', 'attach', 'personal', '1-2'])).toMatch(/already attached to work \(detach it there first\)/);
    expect(await usbDevices('personal')).toEqual([]);
    await f.run(['usb', 'detach', 'work', '1-2'], OPERATOR);
    await f.run(['shutdown', '--wait', 'personal']).catch(() => f.run(['kill', 'personal']));
  });

  it('an assigned device is attached when its qube starts', async () => {
    await f.run(['usb', 'assign', 'vault', '1-2'], OPERATOR);
    await f.run(['start', 'vault']);
    await expect.poll(() => usbDevices('vault'), { timeout: 15_000 }).toEqual([{ hostbus: 1, hostaddr: 5 }]);
    expect((await usbLs()).find((d) => d.port === '1-2')).toMatchObject({ attachedTo: 'vault', assignedTo: 'vault' });
  });

  it('an assigned device plugged in while its qube runs is attached to it', async () => {
    await f.run(['usb', 'assign', 'work', '1209:0001'], OPERATOR);
    tree.plug({ port: '1-5', bus: 1, device: 9, vendorId: '1209', productId: '0001', product: 'Key', interfaceClasses: ['03'] });
    await expect.poll(() => usbDevices('work'), { timeout: 15_000 }).toEqual([{ hostbus: 1, hostaddr: 9 }]);
    expect((await usbLs()).find((d) => d.port === '1-5')).toMatchObject({ attachedTo: 'work', assignedTo: 'work' });
    await f.run(['usb', 'detach', 'work', '1-5'], OPERATOR);
  });
});

interface BlockRow {
  device: string;
  attachedTo: string | null;
  vdev: string | null;
  access: string | null;
  readOnly: boolean;
}

async function blockLs(): Promise<BlockRow[]> {
  return (await f.run(['block', 'ls', '--format', 'json'], VIEWER)).data as BlockRow[];
}

async function blockVdevs(qube: string): Promise<number[]> {
  const parsed = parseXlBlockList(await f.xl('block-list', qube));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value.map((b) => b.vdev);
}

// xvdi in Xen's numbering: 202 << 8 | 8 << 4.
const XVDI = (202 << 8) | (8 << 4);

describe('USB storage lent as a disk', { timeout: 90_000 }, () => {
  it('block ls lists the disk of a storage device; attach ro/rw shows in the qube’s block-list; detach removes it', async () => {
    tree.plug({ port: '1-3', bus: 1, device: 7, vendorId: '0781', productId: '5581', product: 'Ultra', serial: 'S1', interfaceClasses: ['08'], disk: { name: 'sdb', sectors: 2048 } });
    await expect.poll(async () => (await blockLs()).map((b) => b.device), { timeout: 5_000, interval: 100 }).toEqual(['sdb']);
    const own = await blockVdevs('work');

    const ro = await f.run(['block', 'attach', 'work', 'sys-usb:sdb', '--ro'], OPERATOR);
    expect(ro.data).toMatchObject({ vdev: 'xvdi', access: 'ro' });
    expect(await blockVdevs('work')).toEqual([...own, XVDI]);
    expect((await blockLs())[0]).toMatchObject({ attachedTo: 'work', vdev: 'xvdi', access: 'ro' });
    const detail = JSON.parse(await f.xl('list', '-l', 'work')) as { config: { disks: { vdev: string; pdev_path: string; backend_domname?: string; readwrite?: number }[] } }[];
    expect(detail[0]?.config.disks.find((d) => d.vdev === 'xvdi')).toMatchObject({ pdev_path: '/dev/sdb', backend_domname: 'sys-usb' });
    expect(detail[0]?.config.disks.find((d) => d.vdev === 'xvdi')?.readwrite).toBeUndefined();

    expect(await failure(['block', 'attach', 'work', 'sys-usb:sdb'])).toMatch(/already attached to work as xvdi/);
    await f.run(['block', 'detach', 'work', 'xvdi'], OPERATOR);
    expect(await blockVdevs('work')).toEqual(own);

    const rw = await f.run(['block', 'attach', 'work', 'sys-usb:sdb'], OPERATOR);
    expect(rw.data).toMatchObject({ vdev: 'xvdi', access: 'rw' });
    expect((await blockLs())[0]).toMatchObject({ attachedTo: 'work', access: 'rw' });
    await f.run(['block', 'detach', 'work', 'sys-usb:sdb'], OPERATOR);
    expect(await blockVdevs('work')).toEqual(own);
    expect((await blockLs())[0]?.attachedTo).toBeNull();
  });

  it('refuses a qube’s own disk, a disk sys-usb does not have, a halted qube and a viewer', async () => {
    expect(await failure(['block', 'detach', 'work', 'xvda'])).toMatch(/work has no lent disk "xvda"/);
    expect(await failure(['block', 'attach', 'work', 'sys-usb:sdz'])).toMatch(/sys-usb has no disk sdz/);
    expect(await failure(['block', 'attach', 'work', 'dom0:sdb'])).toMatch(/not the USB qube/);
    expect(await failure(['block', 'attach', 'untrusted', 'sys-usb:sdb'])).toMatch(/untrusted is not running/);
    expect(await failure(['block', 'attach', 'sys-usb', 'sys-usb:sdb'])).toMatch(/sys-usb is the backend itself/);
    await expect(f.run(['block', 'attach', 'work', 'sys-usb:sdb'], VIEWER)).rejects.toThrow(/needs the operator role/);
  });

  it('a disk still lent when its stick is pulled stays listed, and can be taken back', async () => {
    tree.plug({ port: '1-6', bus: 1, device: 10, vendorId: '0781', productId: '5583', interfaceClasses: ['08'], disk: { name: 'sdd', sectors: 2048 } });
    await expect.poll(async () => (await blockLs()).map((b) => b.device), { timeout: 5_000, interval: 100 }).toContain('sdd');
    await f.run(['block', 'attach', 'work', 'sys-usb:sdd'], OPERATOR);
    tree.unplug('1-6');
    await expect.poll(async () => (await blockLs()).find((b) => b.device === 'sdd'), { timeout: 5_000, interval: 100 }).toMatchObject({ port: '', attachedTo: 'work', vdev: 'xvdi' });
    await f.run(['block', 'detach', 'work', 'xvdi'], OPERATOR);
    expect((await blockLs()).map((b) => b.device)).not.toContain('sdd');
  });

  it('a write-protected disk goes only read-only', async () => {
    tree.plug({ port: '1-4', bus: 1, device: 8, vendorId: '0781', productId: '5582', interfaceClasses: ['08'], disk: { name: 'sdc', sectors: 4096, readOnly: true } });
    await expect.poll(async () => (await blockLs()).map((b) => b.device), { timeout: 5_000, interval: 100 }).toEqual(['sdb', 'sdc']);
    expect(await failure(['block', 'attach', 'work', 'sys-usb:sdc'])).toMatch(/read-only .* --ro/);
  });
});

describe('Wi-Fi of sys-net (simulated networks)', { timeout: 60_000 }, () => {
  const PASSPHRASE = 'qtui-sim-home-pass';

  async function wifi(): Promise<{ ssid: string; simulated: boolean } | null> {
    return ((await f.run(['net', 'status', '--format', 'json'], VIEWER)).data as { wifi: { ssid: string; simulated: boolean } | null }).wifi;
  }

  it('net connect joins a simulated network, and net status shows it; disconnect leaves it', async () => {
    expect(await wifi()).toEqual({ ssid: '', simulated: true });
    const r = await f.run(['net', 'connect', 'qtui-sim-home', '--passphrase', PASSPHRASE], OPERATOR);
    expect(r.text).toBe('sys-net joined qtui-sim-home (a simulated network)\n');
    expect(await wifi()).toEqual({ ssid: 'qtui-sim-home', simulated: true });
    expect((await f.run(['net', 'status'], VIEWER)).text).toContain('Wi-Fi: qtui-sim-home (simulated)');
    await f.run(['net', 'connect', 'qtui-sim-cafe'], OPERATOR);
    expect(await wifi()).toEqual({ ssid: 'qtui-sim-cafe', simulated: true });
    await f.run(['net', 'disconnect'], OPERATOR);
    expect(await wifi()).toEqual({ ssid: '', simulated: true });
  });

  it('refuses an unknown network and a wrong passphrase, and stays where it was', async () => {
    expect(await failure(['net', 'connect', 'no-such-network', '--passphrase', 'whatever-it-is'])).toMatch(/UnknownNetwork: no Wi-Fi network named "no-such-network"/);
    expect(await failure(['net', 'connect', 'qtui-sim-office', '--passphrase=not-the-passphrase'])).toMatch(/AuthFailed: qtui-sim-office refused the passphrase/);
    expect(await failure(['net', 'connect', 'qtui-sim-home', '--passphrase', 'short'])).toMatch(/8-63 printable ASCII/);
    expect(await wifi()).toEqual({ ssid: '', simulated: true });
  });

  it('no passphrase reaches the audit log or the events', async () => {
    await f.run(['net', 'connect', 'qtui-sim-office', '--passphrase=qtui-sim-office-pass'], OPERATOR);
    // The same over SSH, whose exec request is one command line.
    const key = makeClientKey(f.dir, 'operator');
    await f.run(['ssh-authorize', '--role', 'operator', `${key.path}.pub`]);
    const knownHosts = join(f.dir, 'known_hosts');
    writeFileSync(knownHosts, `qtui-test ${((await f.run(['ssh-fingerprint'])).data as { publicKey: string }).publicKey}\n`);
    const port = await freePort();
    await f.run(['ssh-enable', '--listen', `127.0.0.1:${port}`]);
    try {
      const remote = await runSsh(port, knownHosts, key.path, ['net', 'connect', 'qtui-sim-home', '--passphrase', PASSPHRASE]);
      expect(remote).toMatchObject({ code: 0, stdout: 'sys-net joined qtui-sim-home (a simulated network)\n' });
    } finally {
      await f.run(['ssh-disable']);
    }
    expect(readFileSync(join(f.paths.stateDir, 'audit.log'), 'utf8')).toMatch(/"argv":\["net","connect","qtui-sim-home","--passphrase","<redacted>"\],"caller":\{[^}]*"origin":"ssh /);
    const audit = readFileSync(join(f.paths.stateDir, 'audit.log'), 'utf8');
    expect(audit).toMatch(/"argv":\["net","connect","qtui-sim-office","--passphrase=<redacted>"\]/);
    expect(audit).toMatch(/"argv":\["net","connect","qtui-sim-home","--passphrase","<redacted>"\]/);
    for (const secret of [PASSPHRASE, 'qtui-sim-office-pass', 'not-the-passphrase', 'whatever-it-is']) {
      expect(audit).not.toContain(secret);
      expect(JSON.stringify(f.events)).not.toContain(secret);
      expect(JSON.stringify((await f.run(['events', '--format', 'json'], VIEWER)).data)).not.toContain(secret);
      expect(JSON.stringify((await f.run(['events', '--audit', '--format', 'json'], VIEWER)).data)).not.toContain(secret);
    }
  });
});
