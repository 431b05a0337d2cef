/**
 * Every value qtui writes into an xl.cfg is checked here first. The config
 * is read by xl in dom0, so a value that could close its quotes, start a new
 * line or add a `key=` to a device spec (`ip=10.0.0.5,backend=dom0`) would
 * let whoever chose it rewrite the guest's configuration. Values are
 * whitelisted by shape, not escaped: xl's escapes are unreliable (see
 * xl-cfg-lexer.ts), and nothing legitimate needs them.
 */
import { validateDomainName } from '../domain-name.js';
import { isLifecycleAction, type DiskSpec, type UsbCtrlSpec, type VifSpec, type XlConfig } from './xl-config.js';

export interface XlCfgFieldError {
  /** Path of the field, e.g. "vifs[0].ip". */
  field: string;
  value: string;
  /** Names the field and the value. */
  message: string;
}

export const LIMITS = {
  maxMemoryMiB: 16 * 1024 * 1024,
  maxVcpus: 128,
  maxUsbPorts: 31,
} as const;

/** Printable ASCII and beyond, minus quotes and backslash: safe inside either kind of xl string. */
const SAFE_TEXT = /^[^\x00-\x1f\x7f'"\\]*$/;
const ABSOLUTE_PATH = /^\/[^\x00-\x1f\x7f'"\\]*$/;
/** Inside a device spec a comma or `=` would start a new key. */
const SPEC_WORD = /^[A-Za-z0-9_./:-]+$/;
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
const IPV4 = /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;
const VDEV = /^xvd[a-z]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Linux interface names: at most 15 characters. */
const BRIDGE = /^[A-Za-z0-9_.-]{1,15}$/;

const DISK_FORMATS: ReadonlySet<string> = new Set(['raw', 'qcow2', 'vhd']);
const USB_TYPES: ReadonlySet<string> = new Set(['pv', 'qusb', 'devicemodel', 'auto']);

class Check {
  error: XlCfgFieldError | null = null;

  /** Records the first failure: `ok` false means `value` of `field` is refused because it `must`... */
  that(ok: boolean, field: string, value: unknown, must: string): void {
    if (ok || this.error) return;
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    this.error = { field, value: String(value), message: `xl.cfg field ${field}: ${shown} ${must}` };
  }

  path(field: string, value: string): void {
    this.that(ABSOLUTE_PATH.test(value), field, value, 'must be an absolute path without quotes, backslashes or control characters');
  }

  integer(field: string, value: number, min: number, max: number): void {
    this.that(Number.isSafeInteger(value) && value >= min && value <= max, field, value, `must be a whole number from ${min} to ${max}`);
  }

  domain(field: string, value: string): void {
    const problem = validateDomainName(value);
    this.that(problem === null, field, value, `is not a valid domain name (${problem ?? ''})`);
  }
}

function checkDisk(c: Check, at: string, d: DiskSpec): void {
  c.path(`${at}.target`, d.target);
  // target= runs to the end of the spec, but xl drops one trailing comma from it.
  c.that(!d.target.endsWith(','), `${at}.target`, d.target, 'must not end with a comma');
  c.that(VDEV.test(d.vdev), `${at}.vdev`, d.vdev, 'must look like xvda');
  c.that(d.access === 'ro' || d.access === 'rw', `${at}.access`, d.access, 'must be "ro" or "rw"');
  if (d.format !== undefined) c.that(DISK_FORMATS.has(d.format), `${at}.format`, d.format, 'must be raw, qcow2 or vhd');
  if (d.backend !== undefined) c.domain(`${at}.backend`, d.backend);
}

function checkVif(c: Check, at: string, v: VifSpec): void {
  if (v.mac !== undefined) c.that(MAC.test(v.mac), `${at}.mac`, v.mac, 'must be six hex pairs like 00:16:3e:5e:6c:00');
  if (v.ip !== undefined) c.that(IPV4.test(v.ip), `${at}.ip`, v.ip, 'must be a dotted-quad IPv4 address');
  if (v.backend !== undefined) c.domain(`${at}.backend`, v.backend);
  if (v.bridge !== undefined) c.that(BRIDGE.test(v.bridge), `${at}.bridge`, v.bridge, 'must be an interface name (letters, digits, _ . -; at most 15)');
  if (v.script !== undefined) c.that(SPEC_WORD.test(v.script), `${at}.script`, v.script, 'must be a script name or path without commas, = or blanks');
}

function checkUsbCtrl(c: Check, at: string, u: UsbCtrlSpec): void {
  c.that(u.version === 1 || u.version === 2 || u.version === 3, `${at}.version`, u.version, 'must be 1, 2 or 3');
  c.integer(`${at}.ports`, u.ports, 1, LIMITS.maxUsbPorts);
  if (u.type !== undefined) c.that(USB_TYPES.has(u.type), `${at}.type`, u.type, 'must be pv, qusb, devicemodel or auto');
}

/** null when every field of `cfg` may be written into an xl.cfg, else the first refused field. */
export function validateXlConfig(cfg: XlConfig): XlCfgFieldError | null {
  const c = new Check();
  c.domain('name', cfg.name);
  c.that(cfg.type === 'pv' || cfg.type === 'pvh', 'type', cfg.type, 'must be "pv" or "pvh"');
  if (cfg.kernel !== undefined) c.path('kernel', cfg.kernel);
  if (cfg.ramdisk !== undefined) c.path('ramdisk', cfg.ramdisk);
  if (cfg.extra !== undefined) c.that(SAFE_TEXT.test(cfg.extra), 'extra', cfg.extra, 'must not contain quotes, backslashes or control characters');
  c.integer('memory', cfg.memory, 1, LIMITS.maxMemoryMiB);
  if (cfg.maxmem !== undefined) c.integer('maxmem', cfg.maxmem, Math.max(1, cfg.memory), LIMITS.maxMemoryMiB);
  c.integer('vcpus', cfg.vcpus, 1, LIMITS.maxVcpus);
  if (cfg.uuid !== undefined) c.that(UUID.test(cfg.uuid), 'uuid', cfg.uuid, 'must be a UUID like 3f1e0c4a-7d0e-4c59-9f6a-0b2d1e9c8a77');
  cfg.disks.forEach((d, i) => checkDisk(c, `disks[${i}]`, d));
  cfg.vifs.forEach((v, i) => checkVif(c, `vifs[${i}]`, v));
  cfg.usbctrls.forEach((u, i) => checkUsbCtrl(c, `usbctrls[${i}]`, u));
  for (const key of ['on_poweroff', 'on_reboot', 'on_crash'] as const) {
    const action = cfg[key];
    if (action !== undefined) c.that(isLifecycleAction(action), key, action, 'is not an xl lifecycle action');
  }
  return c.error;
}
