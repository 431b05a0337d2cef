/**
 * Builds the device arguments of `xl network-attach`, `block-attach`,
 * `usbctrl-attach` and `usbdev-attach` from typed specs. Disk, vif and USB
 * controller specs go through the very checks that guard xl.cfg files (a
 * comma or `=` smuggling in `backend=dom0`, quotes, control characters), so
 * the two ways of giving xl a device cannot drift apart.
 */
import { LIMITS, validateXlConfig } from './xl-cfg/xl-cfg-validate.js';
import { diskSpecText, usbCtrlSpecText, vifSpecText } from './xl-cfg/xl-cfg-writer.js';
import type { DiskSpec, UsbCtrlSpec, VifSpec, XlConfig } from './xl-cfg/xl-config.js';

/** Why a spec was refused; the client turns it into an 'invalid-argument' XenError. */
export class DeviceSpecError extends Error {
  override readonly name = 'DeviceSpecError';
}

export interface UsbDevSpec {
  hostbus: number;
  hostaddr: number;
  /** Controller and port on the guest side; xl picks free ones when absent. */
  controller?: number;
  port?: number;
}

/** `xl network-attach DOM` takes one `key=value` argument per setting. */
export function vifArgs(spec: VifSpec): string[] {
  checkDevices({ vifs: [spec] });
  return splitSpec(vifSpecText(spec));
}

/** `xl block-attach DOM` takes the whole disk spec as one argument, target last. */
export function diskArg(spec: DiskSpec): string {
  checkDevices({ disks: [spec] });
  return diskSpecText(spec);
}

export function usbctrlArgs(spec: UsbCtrlSpec): string[] {
  checkDevices({ usbctrls: [spec] });
  return splitSpec(usbCtrlSpecText(spec));
}

export function usbdevArgs(spec: UsbDevSpec): string[] {
  const args = [`hostbus=${integer('hostbus', spec.hostbus, 0, 255)}`, `hostaddr=${integer('hostaddr', spec.hostaddr, 0, 255)}`];
  if (spec.controller !== undefined) args.push(`controller=${integer('controller', spec.controller, 0, 65535)}`);
  if (spec.port !== undefined) args.push(`port=${usbPort(spec.port)}`);
  return args;
}

export function usbPort(port: number): string {
  return integer('port', port, 1, LIMITS.maxUsbPorts);
}

export function macAddress(mac: string): string {
  checkDevices({ vifs: [{ mac }] });
  return mac;
}

/** A guest block device, as xl accepts it on block-detach: `xvdb` or its number. */
export function blockVdev(vdev: string): string {
  if (!/^(xvd[a-z]{1,3}|\d{1,9})$/.test(vdev)) throw new DeviceSpecError(`vdev must look like xvdb or be a device number: ${JSON.stringify(vdev)}`);
  return vdev;
}

/** A bounded integer, as text for xl. */
export function integer(field: string, value: number, min: number, max: number): string {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new DeviceSpecError(`${field} must be a whole number from ${min} to ${max}, not ${String(value)}`);
  }
  return String(value);
}

export function absolutePath(field: string, path: string): string {
  if (!/^\/[^\x00-\x1f\x7f'"\\]*$/.test(path)) {
    throw new DeviceSpecError(`${field} must be an absolute path without quotes, backslashes or control characters: ${JSON.stringify(path)}`);
  }
  return path;
}

/** The xl.cfg checks work on a whole config; one that holds just these devices applies them unchanged. */
function checkDevices(devices: Partial<Pick<XlConfig, 'disks' | 'vifs' | 'usbctrls'>>): void {
  const problem = validateXlConfig({ name: 'device', type: 'pv', memory: 1, vcpus: 1, disks: [], vifs: [], usbctrls: [], ...devices });
  if (problem) throw new DeviceSpecError(problem.message);
}

/** Validated spec values hold no comma, so the spec splits into xl's separate arguments. */
function splitSpec(text: string): string[] {
  return text === '' ? [] : text.split(',');
}
