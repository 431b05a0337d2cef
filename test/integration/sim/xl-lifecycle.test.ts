/**
 * Round trips through the simulated xl: each change is made by one xl
 * command and observed through another (as the daemon would), with the
 * guests being real supervised process trees.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { parseXlList } from '../../../xen-bridge/parsers/xl-list-parser.js';
import { parseXlListLong } from '../../../xen-bridge/parsers/xl-list-long-parser.js';
import { parseXlNetworkList } from '../../../xen-bridge/parsers/xl-network-list-parser.js';
import { parseXlBlockList } from '../../../xen-bridge/parsers/xl-block-list-parser.js';
import { parseXlUsbList } from '../../../xen-bridge/parsers/xl-usb-list-parser.js';
import type { DomainSummary } from '../../../xen-bridge/types.js';

let host: SimXenHost | undefined;

beforeAll(buildOnce, 120_000);
afterEach(async () => {
  await host?.teardown();
  host = undefined;
});

async function newHost(): Promise<SimXenHost> {
  host = await SimXenHost.create();
  return host;
}

async function list(h: SimXenHost): Promise<DomainSummary[]> {
  const r = parseXlList((await h.xl('list')).stdout);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function row(h: SimXenHost, name: string): Promise<DomainSummary | undefined> {
  return (await list(h)).find((d) => d.name === name);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('simulated xl lifecycle', () => {
  it('create, pause, unpause, rename, mem-set, vcpu-set, shutdown -w', async () => {
    const h = await newHost();
    const cfg = h.writeConfig('work', { memory: 200, maxmem: 400, vcpus: 2 });
    expect(await h.xl('create', cfg)).toEqual({ code: 0, stdout: '', stderr: `Parsing config from ${cfg}\n` });
    expect(existsSync(join(h.dir, 'domains', 'work'))).toBe(true);
    expect(await row(h, 'work')).toMatchObject({ domid: 1, memoryMiB: 200, vcpus: 2 });
    expect((await h.xl('domid', 'work')).stdout).toBe('1\n');
    expect((await h.xl('domname', '1')).stdout).toBe('work\n');

    expect((await h.xl('pause', 'work')).code).toBe(0);
    expect((await row(h, 'work'))?.stateText).toBe('--p---');
    expect((await h.xl('unpause', '1')).code).toBe(0);
    expect((await row(h, 'work'))?.state.paused).toBe(false);

    expect(await h.xl('rename', 'work', 'play')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await row(h, 'work')).toBeUndefined();
    expect(await row(h, 'play')).toMatchObject({ domid: 1 });
    expect(existsSync(join(h.dir, 'domains', 'play'))).toBe(true);

    expect((await h.xl('mem-set', 'play', '150m')).code).toBe(0);
    expect((await h.xl('mem-max', 'play', '300m')).code).toBe(0);
    expect((await h.xl('vcpu-set', 'play', '1')).code).toBe(0);
    expect(await row(h, 'play')).toMatchObject({ memoryMiB: 150, vcpus: 1 });
    const long = parseXlListLong((await h.xl('list', '-l', 'play')).stdout);
    expect(long.ok && long.value[0]).toMatchObject({ memoryMiB: 150, maxmemMiB: 300 });
    expect((await h.xl('vcpu-set', 'play', '3')).code).toBe(1);
    const tooMuch = await h.xl('mem-set', 'play', '301m');
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.stderr).toContain('memory_dynamic_max must be less than or equal to memory_static_max');
    expect((await row(h, 'play'))?.memoryMiB).toBe(150);

    const down = await h.xl('shutdown', '-w', 'play');
    expect(down).toEqual({ code: 0, stdout: '', stderr: 'Shutting down domain 1\nWaiting for 1 domains\nDomain 1 has been shut down, reason code 0\n' });
    expect(await row(h, 'play')).toBeUndefined();
    expect(h.domids()).toEqual([]);
  });

  it("a guest's CPU time is its processes' CPU time, and it shows r while it computes", async () => {
    const h = await newHost();
    const folder = join(h.dir, 'domains', 'busy');
    mkdirSync(folder, { recursive: true });
    // Burns one CPU second (CPU time, not wall time: the test machine may be loaded), then idles.
    const burn = 'const t = process.cpuUsage(); for (let u = { user: 0, system: 0 }; u.user + u.system < 1e6; u = process.cpuUsage(t)) for (let i = 0; i < 1e6; i++); setInterval(() => {}, 1e6);';
    writeFileSync(join(folder, 'rc.local'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} -e ${JSON.stringify(burn)}\n`);
    chmodSync(join(folder, 'rc.local'), 0o755);
    expect((await h.xl('create', h.writeConfig('busy'))).code).toBe(0);
    const states = new Set<string>();
    const done = await waitFor('one CPU second in busy', async () => {
      const r = await row(h, 'busy');
      if (r) states.add(r.stateText);
      return r && r.cpuTimeSec >= 1 ? r : undefined;
    }, 30_000);
    expect(done.cpuTimeSec).toBeLessThan(5);
    expect(states.has('r-----')).toBe(true);
    expect(await waitFor('busy to idle', async () => ((await row(h, 'busy'))?.stateText === '-b----' ? true : undefined))).toBe(true);
  });

  it('reboot brings the guest back under a new domid; destroy removes it at once', async () => {
    const h = await newHost();
    expect((await h.xl('create', h.writeConfig('vm'))).code).toBe(0);
    expect(await h.xl('reboot', 'vm')).toEqual({ code: 0, stdout: '', stderr: 'Rebooting domain 1\n' });
    const back = await waitFor('vm to come back', async () => {
      const r = await row(h, 'vm');
      return r && r.domid !== 1 ? r : undefined;
    });
    expect(back.domid).toBeGreaterThan(1);
    expect((await h.xl('destroy', 'vm')).code).toBe(0);
    expect(await row(h, 'vm')).toBeUndefined();
    expect(h.leftoverPids()).toEqual([]);
  });

  it('create -p starts paused; memory is checked against what is free', async () => {
    const h = await SimXenHost.create({ hostMemMiB: 2048, dom0MemMiB: 1024 });
    host = h;
    expect((await h.xl('create', '-p', h.writeConfig('a', { memory: 600 }))).code).toBe(0);
    expect((await row(h, 'a'))?.stateText).toBe('--p---');
    const tooBig = await h.xl('create', h.writeConfig('b', { memory: 600 }));
    expect(tooBig.code).toBe(3);
    expect(tooBig.stderr).toContain("can't allocate low memory for domain: Out of memory");
    expect((await h.xl('create', h.writeConfig('c', { memory: 300 }))).code).toBe(0);
  });

  it('network and block devices attach, list and detach', async () => {
    const h = await newHost();
    expect((await h.xl('create', h.writeConfig('netvm'))).code).toBe(0);
    expect((await h.xl('create', h.writeConfig('app'))).code).toBe(0);
    expect(await h.xl('network-attach', 'app', 'bridge=xenbr0', 'mac=00:16:3e:00:00:01')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await h.xl('network-attach', 'app', 'backend=netvm')).code).toBe(0);
    const nics = parseXlNetworkList((await h.xl('network-list', 'app')).stdout);
    expect(nics.ok && nics.value.map((n) => [n.idx, n.backendId, n.backendPath])).toEqual([
      [0, 0, '/local/domain/0/backend/vif/2/0'],
      [1, 1, '/local/domain/1/backend/vif/2/1'],
    ]);
    expect(nics.ok && nics.value[0]?.mac).toBe('00:16:3e:00:00:01');
    expect((await h.xl('network-detach', 'app', '0')).code).toBe(0);
    const after = parseXlNetworkList((await h.xl('network-list', 'app')).stdout);
    expect(after.ok && after.value.map((n) => n.idx)).toEqual([1]);

    expect((await h.xl('block-attach', 'app', 'format=raw,vdev=xvdb,access=ro,target=/srv/disk.img')).code).toBe(0);
    const disks = parseXlBlockList((await h.xl('block-list', 'app')).stdout);
    expect(disks.ok && disks.value.map((d) => d.vdev)).toEqual([51728]);
    const long = parseXlListLong((await h.xl('list', '-l', 'app')).stdout);
    expect(long.ok && long.value[0]?.disks).toMatchObject([{ target: '/srv/disk.img', vdev: 'xvdb', readonly: true }]);
    expect((await h.xl('block-detach', 'app', 'xvdb')).code).toBe(0);
    expect((await h.xl('block-list', 'app')).stdout.split('\n')).toHaveLength(2);
  });

  it('USB controllers and devices attach, list and detach', async () => {
    const h = await newHost();
    expect((await h.xl('create', h.writeConfig('usbvm'))).code).toBe(0);
    expect((await h.xl('usbctrl-attach', 'usbvm', 'version=2', 'ports=4')).code).toBe(0);
    expect((await h.xl('usbctrl-attach', 'usbvm', 'version=3', 'ports=2')).code).toBe(0);
    expect((await h.xl('usbdev-attach', 'usbvm', 'hostbus=1', 'hostaddr=5')).code).toBe(0);
    const listed = (await h.xl('usb-list', 'usbvm')).stdout;
    // The layout of xl_usb.c's printf formats (the fixture the parser reads): a header per controller.
    expect(listed.split('\n').filter((l) => l === 'Devid  Type         BE  state usb-ver ports')).toHaveLength(2);
    expect(listed).toContain('0      pv           0   4     2       4    \n  Port 1: Bus 001 Device 005\n');
    expect(listed).toContain('  Port 4:\n');
    expect(parseXlUsbList(listed)).toMatchObject({ ok: true, value: [{ devid: 0, ports: 4 }, { devid: 1, version: 3, ports: 2 }] });
    const long = parseXlListLong((await h.xl('list', '-l', 'usbvm')).stdout);
    expect(long.ok && long.value[0]?.usbctrls).toMatchObject([{ devid: 0, version: 2, ports: 4 }, { devid: 1, version: 3, ports: 2 }]);
    expect(long.ok && long.value[0]?.usbdevs).toEqual([{ ctrl: 0, port: 1, hostbus: 1, hostaddr: 5 }]);
    expect((await h.xl('usbdev-detach', 'usbvm', '0', '1')).code).toBe(0);
    expect((await h.xl('usb-list', 'usbvm')).stdout).toContain('  Port 1:\n');
    expect((await h.xl('usbdev-detach', 'usbvm', '0', '1')).code).toBe(1);
  });

  it('shutdown -a stops every guest; Domain-0 stays', async () => {
    const h = await newHost();
    for (const n of ['a', 'b']) expect((await h.xl('create', h.writeConfig(n))).code).toBe(0);
    const r = await h.xl('shutdown', '-a', '-w');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Waiting for 2 domains\n');
    expect((await list(h)).map((d) => d.name)).toEqual(['Domain-0']);
  });
});
