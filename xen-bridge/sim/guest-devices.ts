/**
 * Turning configuration device specs into the state's device records, the
 * way libxl fills in what the config leaves out: devids in order, random
 * Xen-OUI MAC addresses, Xen's numeric encoding of virtual disk names.
 */
import { randomBytes } from 'node:crypto';
import type { DiskSpec, VifSpec } from '../xl-cfg/xl-config.js';
import { DOM0_NAME } from './host-model.js';
import type { SimDisk, SimNic } from './sim-state.js';

/** Xen's OUI, which libxl uses for every MAC address it makes up. */
export function randomXenMac(): string {
  const b = randomBytes(3);
  return ['00', '16', '3e', ...[...b].map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

const XVD_MAJOR = 202;

/**
 * The vdev number of an xvd name (xen-vbd-interface.7): xvda..xvdp fit the
 * legacy 202:minor form, later disks use the extended (1 << 28) form.
 */
export function xenVdevNumber(vdev: string): number | undefined {
  const m = /^xvd([a-z]+)(\d*)$/.exec(vdev);
  if (!m) return undefined;
  let disk = 0;
  for (const ch of m[1] ?? '') disk = disk * 26 + (ch.charCodeAt(0) - 96);
  disk -= 1;
  const partition = m[2] ? Number(m[2]) : 0;
  if (disk < 16 && partition < 16) return (XVD_MAJOR << 8) | (disk << 4) | partition;
  return (1 << 28) | (disk << 8) | partition;
}

export function nextDevid(devices: readonly { devid: number }[]): number {
  return devices.reduce((max, d) => Math.max(max, d.devid + 1), 0);
}

export function nicFromSpec(spec: VifSpec, devid: number): SimNic {
  const nic: SimNic = { devid, mac: spec.mac ?? randomXenMac(), backend: spec.backend ?? DOM0_NAME };
  if (spec.ip !== undefined) nic.ip = spec.ip;
  if (spec.bridge !== undefined) nic.bridge = spec.bridge;
  if (spec.script !== undefined) nic.script = spec.script;
  return nic;
}

/** undefined when the vdev is not an xvd name this host understands. */
export function diskFromSpec(spec: DiskSpec, devid: number): SimDisk | undefined {
  const vdevNumber = xenVdevNumber(spec.vdev);
  if (vdevNumber === undefined) return undefined;
  return { devid, vdevNumber, vdev: spec.vdev, target: spec.target, format: spec.format ?? 'raw', access: spec.access, backend: spec.backend ?? DOM0_NAME };
}
