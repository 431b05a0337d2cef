/**
 * Persistent USB assignments (`usb assign QUBE DEVICE`): which device goes
 * to which qube whenever that qube starts. Kept as a small JSON file in the
 * state folder, written atomically; a device is named by vendor:product
 * (and serial when it has one), which survive replugging, unlike ports.
 */
import type { UsbDevice } from '../dbus-protocol/index.js';
import { readJsonState, writeJsonState } from './json-state-file.js';

export interface UsbAssignment {
  qube: string;
  /** `VVVV:PPPP` or `VVVV:PPPP:SERIAL`. */
  device: string;
}

const DEVICE_ID_RE = /^[0-9a-f]{4}:[0-9a-f]{4}(?::[\x21-\x7e]{1,126})?$/;

export function isUsbDeviceId(s: string): boolean {
  return DEVICE_ID_RE.test(s);
}

/** The stable name of a device: vendor:product, plus :serial when it has a printable one. */
export function usbDeviceId(d: UsbDevice): string {
  const serial = /^[\x21-\x7e]{1,126}$/.test(d.serial) ? `:${d.serial}` : '';
  return `${d.vendorId}:${d.productId}${serial}`;
}

/** Whether `id` (with or without serial) names device `d`. */
export function usbDeviceMatches(id: string, d: UsbDevice): boolean {
  const full = usbDeviceId(d);
  return id === full || id === `${d.vendorId}:${d.productId}`;
}

export class UsbAssignments {
  private list: UsbAssignment[];

  constructor(private readonly path: string) {
    this.list = UsbAssignments.read(path);
  }

  private static read(path: string): UsbAssignment[] {
    const parsed = readJsonState(path, []);
    if (!Array.isArray(parsed)) throw new Error(`${path}: not a list of USB assignments`);
    return parsed.filter(
      (a): a is UsbAssignment => typeof a === 'object' && a !== null && typeof (a as UsbAssignment).qube === 'string' && typeof (a as UsbAssignment).device === 'string' && isUsbDeviceId((a as UsbAssignment).device),
    );
  }

  all(): UsbAssignment[] {
    return this.list.map((a) => ({ ...a }));
  }

  /** The device ids assigned to `qube`, to attach when it starts. */
  assignedDevices(qube: string): string[] {
    return this.list.filter((a) => a.qube === qube).map((a) => a.device);
  }

  /** Assigns `device` to `qube` (a device goes to one qube: an older assignment of it is replaced). */
  async assign(qube: string, device: string): Promise<void> {
    this.list = [...this.list.filter((a) => a.device !== device), { qube, device }];
    await this.save();
  }

  /** Removes the assignment; false if there was none. */
  async unassign(qube: string, device: string): Promise<boolean> {
    const before = this.list.length;
    this.list = this.list.filter((a) => !(a.qube === qube && a.device === device));
    if (this.list.length === before) return false;
    await this.save();
    return true;
  }

  private async save(): Promise<void> {
    await writeJsonState(this.path, this.list);
  }
}
