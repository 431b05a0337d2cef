/**
 * USB devices as the kernel lists them under /sys/bus/usb/devices: one entry
 * per device (`1-1.4`) and one per interface of it (`1-1.4:1.0`); root hubs
 * (`usb1`) are not devices one can hand to a qube and are left out. The root
 * is a parameter so the simulated sys-usb can use a tree that tests edit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUsbBlockName, isUsbPort, USB_LIMITS, type UsbBlockDevice, type UsbDevice } from '../services/dbus-protocol/index.js';

export const SYSFS_USB = '/sys/bus/usb/devices';

function read(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8').trim();
  } catch {
    return '';
  }
}

/** A string descriptor as something safe to show: no control characters, bounded. */
function descriptor(s: string): string {
  return [...s.replace(/[\x00-\x1f\x7f-\x9f]/g, '')].slice(0, USB_LIMITS.text).join('');
}

function small(s: string, min: number): number | null {
  return /^\d{1,3}$/.test(s) && Number(s) >= min && Number(s) <= 255 ? Number(s) : null;
}

function hexId(s: string): string | null {
  const id = s.toLowerCase();
  return /^[0-9a-f]{4}$/.test(id) ? id : null;
}

function classCode(s: string): string | null {
  const c = s.toLowerCase();
  return /^[0-9a-f]{2}$/.test(c) ? c : null;
}

/** Every well-formed device under `root`, ordered by port; malformed entries are skipped. */
export function readUsbDevices(root: string): UsbDevice[] {
  const entries = list(root);
  const devices: UsbDevice[] = [];
  for (const port of entries.filter(isUsbPort).sort(comparePorts)) {
    if (devices.length >= USB_LIMITS.devices) break;
    const dir = join(root, port);
    const bus = small(read(dir, 'busnum'), 1);
    const device = small(read(dir, 'devnum'), 1);
    const vendorId = hexId(read(dir, 'idVendor'));
    const productId = hexId(read(dir, 'idProduct'));
    if (bus === null || device === null || vendorId === null || productId === null) continue;
    const classes = new Set<string>();
    const own = classCode(read(dir, 'bDeviceClass'));
    // 00: "see the interfaces", not a class of its own.
    if (own && own !== '00') classes.add(own);
    for (const iface of entries.filter((e) => e.startsWith(`${port}:`))) {
      const c = classCode(read(join(root, iface), 'bInterfaceClass'));
      if (c) classes.add(c);
    }
    const speed = read(dir, 'speed');
    devices.push({
      port,
      bus,
      device,
      vendorId,
      productId,
      manufacturer: descriptor(read(dir, 'manufacturer')),
      product: descriptor(read(dir, 'product')),
      serial: descriptor(read(dir, 'serial')),
      classes: [...classes].sort().slice(0, USB_LIMITS.classes),
      speed: /^\d{1,6}(?:\.\d{1,3})?$/.test(speed) ? speed : '0',
    });
  }
  return devices;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The `block` folders under a storage interface: the kernel puts a disk at
 * `1-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb`, four levels down.
 */
function blockFolders(dir: string, depth: number): string[] {
  if (depth === 0) return [];
  const found: string[] = [];
  for (const entry of list(dir)) {
    if (entry === 'block') found.push(join(dir, entry));
    else if (/^(host|target)\d|^\d+:\d+:\d+:\d+$/.test(entry)) found.push(...blockFolders(join(dir, entry), depth - 1));
  }
  return found;
}

/** The disks of the mass-storage devices under `root` (sizes from 512-byte sectors), ordered by port then name. */
export function readUsbBlockDevices(root: string): UsbBlockDevice[] {
  const entries = list(root);
  const disks: UsbBlockDevice[] = [];
  for (const port of entries.filter(isUsbPort).sort(comparePorts)) {
    for (const iface of entries.filter((e) => e.startsWith(`${port}:`)).sort()) {
      for (const block of blockFolders(join(root, iface), 4)) {
        for (const name of list(block).filter(isUsbBlockName).sort()) {
          if (disks.length >= USB_LIMITS.blockDevices) return disks;
          const sectors = read(join(block, name), 'size');
          disks.push({ port, name, sizeBytes: /^\d{1,15}$/.test(sectors) ? BigInt(sectors) * 512n : 0n, readOnly: read(join(block, name), 'ro') === '1' });
        }
      }
    }
  }
  return disks;
}

/** Orders `1-2` before `1-10` and `1-1` before `1-1.2`. */
function comparePorts(a: string, b: string): number {
  const pa = a.split(/[-.]/).map(Number);
  const pb = b.split(/[-.]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
