/** What `xl create` is given for a qube: its properties and its volumes as an XlConfig. */
import { join } from 'node:path';
import type { DiskSpec, XlConfig } from '../../xen-bridge/xl-cfg/xl-config.js';
import type { QubeFacts } from './lifecycle-ports.js';

/** Where kernels live, one folder per version as Qubes keeps them (vm-kernels/VERSION/vmlinuz). */
export function kernelFiles(kernelsDir: string, version: string): { kernel: string; ramdisk: string } {
  return { kernel: join(kernelsDir, version, 'vmlinuz'), ramdisk: join(kernelsDir, version, 'initramfs') };
}

export function buildXlConfig(q: QubeFacts, disks: DiskSpec[], kernelsDir: string): XlConfig {
  const cfg: XlConfig = {
    name: q.name,
    type: q.virtMode,
    memory: q.memory,
    maxmem: Math.max(q.maxmem, q.memory),
    vcpus: q.vcpus,
    disks,
    vifs: q.netvm ? [{ mac: q.mac, ...(q.ip ? { ip: q.ip } : {}), backend: q.netvm, script: 'vif-route-qubes' }] : [],
    usbctrls: [],
    on_poweroff: 'destroy',
    on_reboot: 'restart',
    on_crash: 'destroy',
  };
  if (q.kernel) {
    const files = kernelFiles(kernelsDir, q.kernel);
    cfg.kernel = files.kernel;
    cfg.ramdisk = files.ramdisk;
    cfg.extra = q.kernelopts;
  }
  return cfg;
}
