import { describe, expect, it } from 'vitest';
import { writeXlCfg } from '../../../xen-bridge/xl-cfg/xl-cfg-writer.js';
import { formatXlConfigError, parseXlCfg } from '../../../xen-bridge/xl-cfg/xl-cfg-parser.js';
import type { XlConfig } from '../../../xen-bridge/xl-cfg/xl-config.js';

const minimal: XlConfig = { name: 'work', type: 'pvh', memory: 400, vcpus: 2, disks: [], vifs: [], usbctrls: [] };

/** One config per field (and per optional part of each device spec). */
const roundTrips: [string, XlConfig][] = [
  ['the minimum', minimal],
  ['a pv guest with every scalar', {
    ...minimal,
    type: 'pv',
    kernel: '/var/lib/qubes/vm-kernels/6.1/vmlinuz',
    ramdisk: '/var/lib/qubes/vm-kernels/6.1/initramfs',
    extra: 'root=/dev/xvda ro console=hvc0 quiet=1',
    memory: 1,
    maxmem: 4000,
    vcpus: 128,
    uuid: '3f1e0c4a-7d0e-4c59-9f6a-0b2d1e9c8a77',
    on_poweroff: 'destroy',
    on_reboot: 'restart',
    on_crash: 'coredump-destroy',
  }],
  ['maxmem equal to memory', { ...minimal, maxmem: 400 }],
  ['disks in every form', {
    ...minimal,
    disks: [
      { target: '/var/lib/qubes/appvms/work/private.img', vdev: 'xvdb', access: 'rw' },
      { format: 'raw', vdev: 'xvda', access: 'ro', backend: 'sys-usb', target: '/dev/sdb' },
      { format: 'qcow2', vdev: 'xvdc', access: 'ro', target: '/images/with,comma=and spaces.img' },
      { format: 'vhd', vdev: 'xvdaa', access: 'rw', target: '/x' },
    ],
  }],
  ['vifs in every form', {
    ...minimal,
    vifs: [
      {},
      { mac: '00:16:3e:5e:6c:00', ip: '10.137.0.5', backend: 'sys-firewall', script: 'vif-route' },
      { bridge: 'xenbr0' },
      { script: '/etc/xen/scripts/vif-route-qubes', mac: '00:16:3E:5E:6C:0A' },
    ],
  }],
  ['usb controllers', { ...minimal, usbctrls: [{ version: 2, ports: 8, type: 'pv' }, { version: 3, ports: 31 }, { version: 1, ports: 1, type: 'auto' }] }],
];

describe('writeXlCfg', () => {
  it.each(roundTrips)('round-trips %s through parseXlCfg', (_name, cfg) => {
    const written = writeXlCfg(cfg);
    if (!written.ok) throw new Error(written.error.message);
    const back = parseXlCfg(written.value);
    if (!back.ok) throw new Error(formatXlConfigError('written.cfg', back.error));
    expect(back.value).toEqual(cfg);
  });

  it('writes real xl.cfg syntax, target last in a disk spec', () => {
    const written = writeXlCfg({
      ...minimal,
      kernel: '/k',
      disks: [{ format: 'raw', vdev: 'xvda', access: 'ro', backend: 'sys-usb', target: '/path' }],
      vifs: [{ mac: '00:16:3e:00:00:05', ip: '10.137.0.5', backend: 'sys-firewall', script: 'vif-route' }],
      usbctrls: [{ version: 2, ports: 8, type: 'pv' }],
      on_poweroff: 'destroy',
    });
    expect(written.ok && written.value.split('\n').slice(1)).toEqual([
      'name = "work"',
      'type = "pvh"',
      'kernel = "/k"',
      'memory = 400',
      'vcpus = 2',
      "disk = [ 'format=raw,vdev=xvda,access=ro,backend=sys-usb,target=/path' ]",
      "vif = [ 'mac=00:16:3e:00:00:05,ip=10.137.0.5,backend=sys-firewall,script=vif-route' ]",
      "usbctrl = [ 'version=2,ports=8,type=pv' ]",
      'on_poweroff = "destroy"',
      '',
    ]);
  });
});

describe('writeXlCfg refuses values that would change the config', () => {
  const attempts: [field: string, cfg: XlConfig][] = [
    ['name', { ...minimal, name: 'work"\nkernel = "/evil' }],
    ['name', { ...minimal, name: 'Domain-0' }],
    ['name', { ...minimal, name: 'sys-net-dm' }],
    ['kernel', { ...minimal, kernel: '/k"\nbootloader = "/bin/sh' }],
    ['kernel', { ...minimal, kernel: "/k'" }],
    ['kernel', { ...minimal, kernel: 'relative/vmlinuz' }],
    ['ramdisk', { ...minimal, ramdisk: '/i\\x22' }],
    ['extra', { ...minimal, extra: 'console=hvc0"\nmemory = 99999' }],
    ['extra', { ...minimal, extra: 'a\u0000b' }],
    ['memory', { ...minimal, memory: 0 }],
    ['memory', { ...minimal, memory: 1.5 }],
    ['maxmem', { ...minimal, maxmem: 399 }],
    ['vcpus', { ...minimal, vcpus: 129 }],
    ['vcpus', { ...minimal, vcpus: 0 }],
    ['uuid', { ...minimal, uuid: 'not-a-uuid' }],
    ['vifs[0].ip', { ...minimal, vifs: [{ ip: '10.137.0.5,backend=dom0' }] }],
    ['vifs[0].ip', { ...minimal, vifs: [{ ip: '10.137.0.256' }] }],
    ['vifs[1].mac', { ...minimal, vifs: [{}, { mac: "00:16:3e:00:00:01'] , vif = ['" }] }],
    ['vifs[0].backend', { ...minimal, vifs: [{ backend: 'sys-firewall,script=/tmp/evil' }] }],
    ['vifs[0].bridge', { ...minimal, vifs: [{ bridge: 'br0]' }] }],
    ['vifs[0].script', { ...minimal, vifs: [{ script: 'vif-route,ip=1.2.3.4' }] }],
    ['disks[0].vdev', { ...minimal, disks: [{ vdev: 'xvda,target=/etc/shadow', access: 'rw', target: '/x' }] }],
    ['disks[0].target', { ...minimal, disks: [{ vdev: 'xvda', access: 'rw', target: "/x' ]\nkernel = '/evil" }] }],
    ['disks[0].target', { ...minimal, disks: [{ vdev: 'xvda', access: 'rw', target: '/x,' }] }],
    ['disks[0].backend', { ...minimal, disks: [{ vdev: 'xvda', access: 'rw', target: '/x', backend: 'none' }] }],
    ['usbctrls[0].ports', { ...minimal, usbctrls: [{ version: 2, ports: 32 }] }],
    ['on_crash', { ...minimal, on_crash: 'explode' as XlConfig['on_crash'] }],
  ];

  it.each(attempts)('%s', (field, cfg) => {
    const written = writeXlCfg(cfg);
    expect(written.ok).toBe(false);
    if (written.ok) return;
    expect(written.error.field).toBe(field);
    expect(written.error.message).toContain(field);
    // Strings are shown JSON-quoted so control characters stay visible; numbers as they are.
    const { message, value } = written.error;
    expect(message.includes(JSON.stringify(value)) || message.includes(`: ${value} `)).toBe(true);
  });
});
