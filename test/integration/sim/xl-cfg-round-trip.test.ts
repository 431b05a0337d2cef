import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseXlListLong } from '../../../xen-bridge/parsers/xl-list-long-parser.js';
import { writeXlCfg } from '../../../xen-bridge/xl-cfg/xl-cfg-writer.js';
import type { XlConfig } from '../../../xen-bridge/xl-cfg/xl-config.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';

let host: SimXenHost | undefined;
beforeAll(buildOnce, 180_000);
afterEach(async () => {
  await host?.teardown();
  host = undefined;
});

function cfgFile(h: SimXenHost, cfg: XlConfig): string {
  const text = writeXlCfg(cfg);
  if (!text.ok) throw new Error(`writer refused: ${text.error.message}`);
  const path = join(h.dir, `${cfg.name}.cfg`);
  writeFileSync(path, text.value);
  return path;
}

const FULL: XlConfig = {
  name: 'work',
  type: 'pvh',
  kernel: '/var/lib/qtui/vm-kernels/6.6/vmlinuz',
  ramdisk: '/var/lib/qtui/vm-kernels/6.6/initramfs',
  extra: 'swiotlb=2048 root=/dev/xvda rw',
  memory: 400,
  maxmem: 4000,
  vcpus: 2,
  uuid: '0b6f1c2e-8d52-4a6b-9a55-3d0f6e1b2a77',
  disks: [
    { target: '/var/lib/qtui/pool/fedora-41/root-snapshot.img', vdev: 'xvda', format: 'raw', access: 'ro' },
    { target: '/var/lib/qtui/pool/work/private.img', vdev: 'xvdb', format: 'raw', access: 'rw' },
    { target: '/dev/sdb', vdev: 'xvdi', format: 'raw', access: 'rw', backend: 'sys-usb' },
  ],
  vifs: [{ mac: '00:16:3e:5e:6c:0c', ip: '10.137.0.12', backend: 'sys-firewall', script: 'vif-route-qubes' }],
  usbctrls: [{ version: 2, ports: 8, type: 'pv' }],
  on_poweroff: 'destroy',
  on_reboot: 'restart',
  on_crash: 'destroy',
};

describe('xl.cfg writer -> simulated xl create -> xl list -l', () => {
  it('carries every option through', async () => {
    host = await SimXenHost.create();
    // Backends must exist, as with real xl.
    for (const backend of ['sys-firewall', 'sys-usb']) {
      expect((await host.xl('create', cfgFile(host, { name: backend, type: 'pvh', kernel: host.boot.kernel, memory: 64, vcpus: 1, disks: [], vifs: [], usbctrls: [] }))).code).toBe(0);
    }
    // The kernel files must exist, as with real xl: the simulated host's own.
    const full: XlConfig = { ...FULL, kernel: host.boot.kernel, ramdisk: host.boot.ramdisk };
    const created = await host.xl('create', cfgFile(host, full));
    expect(created.stderr).toContain('Parsing config from');
    expect(created.code).toBe(0);
    const long = parseXlListLong((await host.xl('list', '-l', 'work')).stdout);
    if (!long.ok) throw new Error(JSON.stringify(long.error));
    const d = long.value[0];
    expect(d).toMatchObject({
      name: 'work',
      uuid: FULL.uuid,
      type: 'pvh',
      kernel: full.kernel,
      ramdisk: full.ramdisk,
      cmdline: FULL.extra,
      memoryMiB: 400,
      maxmemMiB: 4000,
      vcpus: 2,
    });
    expect(d?.disks.map((x) => [x.target, x.vdev, x.readonly])).toEqual([
      [FULL.disks[0]?.target, 'xvda', true],
      [FULL.disks[1]?.target, 'xvdb', false],
      ['/dev/sdb', 'xvdi', false],
    ]);
    expect(d?.disks[2]?.backendDomain).toBe('sys-usb');
    expect(d?.nics[0]).toMatchObject({ mac: '00:16:3e:5e:6c:0c', ip: '10.137.0.12', backendDomain: 'sys-firewall', script: 'vif-route-qubes' });
    expect(d?.usbctrls[0]).toMatchObject({ version: 2, ports: 8 });
  });

  it('refuses injection attempts before anything reaches xl', () => {
    const attempts: Partial<XlConfig>[] = [
      { name: 'work"\nkernel = "/evil' },
      { extra: 'quiet"\non_crash = "preserve' },
      { vifs: [{ ip: '10.0.0.1,backend=dom0' }] },
      { disks: [{ target: '/x', vdev: 'xvda', access: 'rw', backend: 'sys-usb,script=/evil' }] },
      { kernel: "/boot/vm'linuz" },
    ];
    for (const a of attempts) {
      const r = writeXlCfg({ ...FULL, ...a });
      expect(r.ok, JSON.stringify(a)).toBe(false);
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
    }
  });
});
