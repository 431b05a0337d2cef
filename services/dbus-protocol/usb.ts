/**
 * org.qtui.USB1, served by sys-usb's agent: the USB devices the qube's
 * kernel sees (what dom0 needs to attach one elsewhere with Xen's PV USB:
 * `xl usbdev-attach DOMID hostbus=BUS hostaddr=DEVICE`).
 * - List() → every device, ordered by port;
 * - Added(device) when a device appears (or its descriptors change);
 * - Removed(port) when one goes away;
 * - BlockDevices() → the disks of its mass-storage devices (sdb…), what
 *   dom0 lends to a qube with `xl block-attach … backend=sys-usb`.
 * `port` is the kernel's device name (e.g. `1-1.4`: bus 1, hub port 1,
 * port 4), stable while the device stays plugged in the same socket.
 */
import type { InterfaceSpec } from './interface-spec.js';

export interface UsbDevice {
  port: string;
  bus: number;
  device: number;
  /** Four lower-case hex digits each. */
  vendorId: string;
  productId: string;
  manufacturer: string;
  product: string;
  serial: string;
  /** USB class codes (two hex digits) of the device and its interfaces, e.g. `08` for storage. */
  classes: string[];
  /** In Mbit/s as the kernel writes it: 1.5, 12, 480, 5000… */
  speed: string;
}

/** A disk the kernel made of a mass-storage device. */
export interface UsbBlockDevice {
  /** The USB device it belongs to. */
  port: string;
  /** The kernel's name: sdb, sdc… (so /dev/NAME in sys-usb). */
  name: string;
  sizeBytes: bigint;
  readOnly: boolean;
}

export const USB_DEVICE_SIGNATURE = '(suusssssass)';
export const USB_BLOCK_SIGNATURE = '(sstb)';
export type UsbBlockDeviceWire = [string, string, bigint, boolean];
export type UsbDeviceWire = [string, number, number, string, string, string, string, string, string[], string];

export const USB_LIMITS = {
  devices: 128,
  classes: 32,
  /** Manufacturer, product and serial strings (USB string descriptors are at most 126 UTF-16 units). */
  text: 126,
  port: 32,
  blockDevices: 128,
} as const;

/** USB class code of mass storage (offered to qubes as block devices too). */
export const USB_CLASS_STORAGE = '08';

export const QTUI_USB = {
  busName: 'org.qtui.USB1',
  objectPath: '/org/qtui/USB1',
  spec: {
    name: 'org.qtui.USB1',
    methods: {
      List: { in: '', out: `a${USB_DEVICE_SIGNATURE}` },
      BlockDevices: { in: '', out: `a${USB_BLOCK_SIGNATURE}` },
    },
    signals: {
      Added: USB_DEVICE_SIGNATURE,
      Removed: 's',
    },
  },
} as const satisfies { busName: string; objectPath: string; spec: InterfaceSpec };

export function usbDeviceToWire(d: UsbDevice): UsbDeviceWire {
  return [d.port, d.bus, d.device, d.vendorId, d.productId, d.manufacturer, d.product, d.serial, [...d.classes], d.speed];
}

const PORT_RE = /^\d{1,3}-\d{1,3}(?:\.\d{1,3}){0,6}$/;
const ID_RE = /^[0-9a-f]{4}$/;
const CLASS_RE = /^[0-9a-f]{2}$/;
const SPEED_RE = /^\d{1,6}(?:\.\d{1,3})?$/;
const PRINTABLE_RE = /^[^\x00-\x1f\x7f-\x9f]*$/u;

export function isUsbPort(v: unknown): v is string {
  return typeof v === 'string' && v.length <= USB_LIMITS.port && PORT_RE.test(v);
}

function text(v: unknown): v is string {
  return typeof v === 'string' && [...v].length <= USB_LIMITS.text && PRINTABLE_RE.test(v);
}

function byte(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 255;
}

/** Checks a received device struct; returns it typed, or why it is refused. */
export function decodeUsbDevice(v: unknown): UsbDevice | string {
  if (!Array.isArray(v) || v.length !== 10) return 'usb device: not a 10-field struct';
  const [port, bus, device, vendorId, productId, manufacturer, product, serial, classes, speed] = v as unknown[];
  if (!isUsbPort(port)) return 'usb device: bad port';
  // Bus numbers start at 1; device addresses are 1-127 (a byte is allowed for safety).
  if (!byte(bus, 1) || !byte(device, 1)) return 'usb device: bad bus or device number';
  if (typeof vendorId !== 'string' || !ID_RE.test(vendorId) || typeof productId !== 'string' || !ID_RE.test(productId)) return 'usb device: bad ids';
  if (!text(manufacturer) || !text(product) || !text(serial)) return 'usb device: bad strings';
  if (!Array.isArray(classes) || classes.length > USB_LIMITS.classes || !classes.every((c) => typeof c === 'string' && CLASS_RE.test(c))) return 'usb device: bad classes';
  if (typeof speed !== 'string' || !SPEED_RE.test(speed)) return 'usb device: bad speed';
  return { port, bus, device, vendorId, productId, manufacturer, product, serial, classes: classes as string[], speed };
}

export function usbBlockDeviceToWire(b: UsbBlockDevice): UsbBlockDeviceWire {
  return [b.port, b.name, b.sizeBytes, b.readOnly];
}

/** SCSI disk names only: the name becomes a path (/dev/NAME) on xl's command line. */
const BLOCK_NAME_RE = /^sd[a-z]{1,3}$/;

export function isUsbBlockName(v: unknown): v is string {
  return typeof v === 'string' && BLOCK_NAME_RE.test(v);
}

export function decodeUsbBlockDevice(v: unknown): UsbBlockDevice | string {
  if (!Array.isArray(v) || v.length !== 4) return 'usb block device: not a 4-field struct';
  const [port, name, size, readOnly] = v as unknown[];
  if (!isUsbPort(port)) return 'usb block device: bad port';
  if (!isUsbBlockName(name)) return 'usb block device: bad name';
  if (typeof size !== 'bigint' || size < 0n || size >= 1n << 64n) return 'usb block device: bad size';
  if (typeof readOnly !== 'boolean') return 'usb block device: bad read-only flag';
  return { port, name, sizeBytes: size, readOnly };
}
