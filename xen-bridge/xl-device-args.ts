/**
 * Builds the device arguments of `xl network-attach`, `block-attach`,
 * `usbctrl-attach` and `usbdev-attach` from typed specs, refusing any value
 * that could change the meaning of xl's `key=value,...` syntax (a comma or
 * `=` smuggling in `backend=dom0`, quotes, control characters).
 */
import { validateDomainName } from './domain-name.js';
import type { DiskSpec, UsbCtrlSpec, VifSpec } from './xl-cfg/xl-config.js';

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

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Bridge names and hotplug script names or paths. */
const PLAIN_TOKEN = /^[A-Za-z0-9_./-]+$/;

/** `xl network-attach DOM` takes one `key=value` argument per setting. */
export function vifArgs(spec: VifSpec): string[] {
  const args: string[] = [];
  if (spec.mac !== undefined) args.push(`mac=${macAddress(spec.mac)}`);
  if (spec.ip !== undefined) args.push(`ip=${check('ip', spec.ip, IPV4)}`);
  if (spec.backend !== undefined) args.push(`backend=${backendName(spec.backend)}`);
  if (spec.bridge !== undefined) args.push(`bridge=${check('bridge', spec.bridge, PLAIN_TOKEN)}`);
  if (spec.script !== undefined) args.push(`script=${check('script', spec.script, PLAIN_TOKEN)}`);
  return args;
}

/**
 * `xl block-attach DOM` takes one disk spec. `target=` comes last because xl
 * reads everything after it, commas included, as the path.
 */
export function diskArg(spec: DiskSpec): string {
  const parts: string[] = [];
  if (spec.format !== undefined) parts.push(`format=${check('format', spec.format, /^(raw|qcow2|vhd)$/)}`);
  parts.push(`vdev=${blockVdev(spec.vdev)}`);
  parts.push(`access=${check('access', spec.access, /^(ro|rw)$/)}`);
  if (spec.backend !== undefined) parts.push(`backend=${backendName(spec.backend)}`);
  parts.push(`target=${absolutePath('target', spec.target)}`);
  return parts.join(',');
}

export function usbctrlArgs(spec: UsbCtrlSpec): string[] {
  const args = [`version=${integer('version', spec.version, 1, 3)}`, `ports=${integer('ports', spec.ports, 1, 31)}`];
  if (spec.type !== undefined) args.push(`type=${check('type', spec.type, /^(pv|qusb|devicemodel|auto)$/)}`);
  return args;
}

export function usbdevArgs(spec: UsbDevSpec): string[] {
  const args = [`hostbus=${integer('hostbus', spec.hostbus, 0, 255)}`, `hostaddr=${integer('hostaddr', spec.hostaddr, 0, 255)}`];
  if (spec.controller !== undefined) args.push(`controller=${integer('controller', spec.controller, 0, 65535)}`);
  if (spec.port !== undefined) args.push(`port=${integer('port', spec.port, 1, 31)}`);
  return args;
}

export function macAddress(mac: string): string {
  return check('mac', mac, MAC);
}

/** A guest block device, as xl accepts it on block-detach: `xvdb` or its number. */
export function blockVdev(vdev: string): string {
  return check('vdev', vdev, /^(xvd[a-z]{1,3}|\d{1,9})$/);
}

/** A bounded non-negative integer, as text for xl. */
export function integer(field: string, value: number, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DeviceSpecError(`${field} must be an integer from ${min} to ${max}, not ${String(value)}`);
  }
  return String(value);
}

export function absolutePath(field: string, path: string): string {
  if (!path.startsWith('/') || /[\x00-\x1f\x7f'"\\]/.test(path)) {
    throw new DeviceSpecError(`${field} must be an absolute path without quotes or control characters: ${JSON.stringify(path)}`);
  }
  return path;
}

function backendName(name: string): string {
  const problem = validateDomainName(name);
  if (problem !== null) throw new DeviceSpecError(`backend: ${problem}`);
  return name;
}

function check(field: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw new DeviceSpecError(`${field} is not valid: ${JSON.stringify(value)}`);
  return value;
}
