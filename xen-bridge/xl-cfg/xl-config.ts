/**
 * A guest configuration as qtui writes it and the simulated host reads it:
 * the subset of xl.cfg(5) that PV and PVH qubes use.
 */

export type VirtMode = 'pv' | 'pvh';
export const LIFECYCLE_ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart', 'soft-reset'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export function isLifecycleAction(s: string): s is LifecycleAction {
  return (LIFECYCLE_ACTIONS as readonly string[]).includes(s);
}

export interface DiskSpec {
  /** Path of the image (or device) in the backend domain. */
  target: string;
  /** Guest device name, e.g. "xvda". */
  vdev: string;
  format?: 'raw' | 'qcow2' | 'vhd';
  access: 'ro' | 'rw';
  /** Domain that serves the disk (a name); dom0 when absent. */
  backend?: string;
}

export interface VifSpec {
  mac?: string;
  ip?: string;
  /** Domain that serves the interface (a name, e.g. sys-firewall); dom0 when absent. */
  backend?: string;
  bridge?: string;
  script?: string;
}

export interface UsbCtrlSpec {
  version: 1 | 2 | 3;
  ports: number;
  type?: 'pv' | 'qusb' | 'devicemodel' | 'auto';
}

export interface XlConfig {
  name: string;
  type: VirtMode;
  kernel?: string;
  ramdisk?: string;
  extra?: string;
  /** MiB. */
  memory: number;
  /** MiB; equal to memory when absent. */
  maxmem?: number;
  vcpus: number;
  uuid?: string;
  disks: DiskSpec[];
  vifs: VifSpec[];
  usbctrls: UsbCtrlSpec[];
  on_poweroff?: LifecycleAction;
  on_reboot?: LifecycleAction;
  on_crash?: LifecycleAction;
}
