/** The rows of `usb-ls` and `block-ls` (`--format json`) as the devices view and the detail panel draw them. */
import { asArray, asObject, text, type JsonObject } from './decode.js';

export interface UsbRow {
  backend: string;
  port: string;
  id: string;
  name: string;
  attachedTo: string | null;
  assignedTo: string | null;
}

export interface BlockRow {
  backend: string;
  device: string;
  port: string;
  sizeBytes: number;
  readOnly: boolean;
  attachedTo: string | null;
  vdev: string | null;
  access: string | null;
}

function orNull(o: JsonObject, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function decodeUsbRows(json: unknown): UsbRow[] {
  return asArray(json, 'usb-ls').map((item) => {
    const o = asObject(item, 'usb-ls device');
    return { backend: text(o, 'backend'), port: text(o, 'port'), id: text(o, 'id'), name: text(o, 'name'), attachedTo: orNull(o, 'attachedTo'), assignedTo: orNull(o, 'assignedTo') };
  });
}

export function decodeBlockRows(json: unknown): BlockRow[] {
  return asArray(json, 'block-ls').map((item) => {
    const o = asObject(item, 'block-ls disk');
    return {
      backend: text(o, 'backend'),
      device: text(o, 'device'),
      port: text(o, 'port'),
      // A decimal string: JSON has no 64-bit integers; a disk's size fits a double closely enough to show.
      sizeBytes: Number(text(o, 'sizeBytes', '0')) || 0,
      readOnly: o.readOnly === true,
      attachedTo: orNull(o, 'attachedTo'),
      vdev: orNull(o, 'vdev'),
      access: orNull(o, 'access'),
    };
  });
}

export function sizeText(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;
}

/** How the detail panel and the devices view say where a USB device is. */
export function usbWhere(d: UsbRow): string {
  const parts = [d.attachedTo === null ? null : `attached to ${d.attachedTo}`, d.assignedTo === null ? null : `assigned to ${d.assignedTo}`];
  return parts.filter((p) => p !== null).join(', ') || 'free';
}
