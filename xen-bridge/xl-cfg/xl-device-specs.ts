/**
 * The device strings inside an xl.cfg list, read as xl 4.17 reads them:
 * disk specs (xl-disk-configuration(5), including the positional
 * `target,format,vdev,access` form and deprecated `phy:`-style prefixes),
 * vif specs and usbctrl specs (comma-separated `key=value`).
 */
import type { Result } from '../result.js';
import type { XlMessage } from './xl-cfg-error.js';
import type { DiskSpec, UsbCtrlSpec, VifSpec } from './xl-config.js';

type SpecResult<T> = Result<T, XlMessage[]>;

const fail = <T>(messages: XlMessage[]): SpecResult<T> => ({ ok: false, error: messages });

// ---------------------------------------------------------------- disk

const DISK_FORMATS: Readonly<Record<string, DiskSpec['format'] | 'unsupported'>> = {
  '': 'raw',
  raw: 'raw',
  qcow2: 'qcow2',
  vhd: 'vhd',
  qcow: 'unsupported',
  empty: 'unsupported',
  qed: 'unsupported',
};

interface DiskState {
  /** target, vdev, backend, script, …: the string-valued keys, each settable once. */
  strings: Map<string, string>;
  format?: DiskSpec['format'];
  formatSet: boolean;
  access?: DiskSpec['access'];
  accessSet: boolean;
  hadDeprecatedPrefix: boolean;
  cdrom: boolean;
  errors: string[];
}

/** One rule of xl's disk-spec scanner: the longest match wins, the earlier rule on a tie. */
interface DiskRule {
  re: RegExp;
  /** Rules written with flex trailing context claim the whole rest of the spec. */
  claimsRest?: boolean;
  /** Returns 'stop' where xl's scanner stops reading the spec. */
  apply: (text: string, st: DiskState) => unknown;
}

const stripComma = (s: string): string => (s.endsWith(',') ? s.slice(0, -1) : s);
const afterEquals = (s: string): string => stripComma(s).slice(s.indexOf('=') + 1);

function diskError(st: DiskState, near: string, message: string): void {
  st.errors.push(`${message}: near \`${near}'`);
}

/** xl lets an empty value be overwritten, any other not. */
function saveString(st: DiskState, what: string, value: string): void {
  if (st.strings.get(what)) diskError(st, value, `${what} respecified`);
  else st.strings.set(what, value);
}

function setFormat(st: DiskState, value: string): void {
  const format = DISK_FORMATS[value];
  if (format === undefined) return diskError(st, value, 'unknown value for format');
  if (format === 'unsupported') return diskError(st, value, 'format not supported by qtui');
  if (st.formatSet && st.format !== format) return diskError(st, value, 'format respecified');
  st.format = format;
  st.formatSet = true;
}

function setAccess(st: DiskState, value: string): void {
  if (value === 'r' || value === 'ro') st.access = 'ro';
  else if (value === 'rw' || value === 'w' || value === '') st.access = 'rw';
  else diskError(st, value, 'unknown value for access');
}

/** `xvda:cdrom` style positional vdev; true when it was one. */
function vdevAndDevtype(st: DiskState, text: string): boolean {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return false;
  saveString(st, 'vdev', text.slice(0, colon));
  const devtype = text.slice(colon + 1);
  if (devtype === 'cdrom') st.cdrom = true;
  else if (devtype !== 'disk') diskError(st, devtype, 'unknown deprecated type');
  return true;
}

function positional(text: string, st: DiskState): 'stop' | undefined {
  const value = stripComma(text);
  if (st.errors.length > 0) return undefined;
  const target = st.strings.get('target');
  if (target === undefined) {
    st.strings.set('target', value);
  } else if (!st.hadDeprecatedPrefix && !st.formatSet) {
    if (target === '' && vdevAndDevtype(st, value)) st.formatSet = true;
    else setFormat(st, value);
  } else if (!st.strings.has('vdev')) {
    if (!vdevAndDevtype(st, value)) saveString(st, 'vdev', value);
  } else if (!st.accessSet) {
    st.accessSet = true;
    setAccess(st, value);
  } else {
    diskError(st, value, 'too many positional parameters');
    return 'stop';
  }
  return undefined;
}

const keyString =
  (key: string): DiskRule['apply'] =>
  (text, st) =>
    saveString(st, key, afterEquals(text));
const ignore: DiskRule['apply'] = () => undefined;

const DISK_RULES: readonly DiskRule[] = [
  { re: /[ \t\n]+/y, claimsRest: true, apply: ignore },
  { re: /format=[^,]*,?/y, apply: (t, st) => setFormat(st, afterEquals(t)) },
  { re: /cdrom,?/y, apply: (_t, st) => void (st.cdrom = true) },
  { re: /devtype=cdrom,?/y, apply: (_t, st) => void (st.cdrom = true) },
  { re: /devtype=disk,?/y, apply: (_t, st) => void (st.cdrom = false) },
  { re: /devtype=[^,]*,?/y, apply: (t, st) => diskError(st, t, 'unknown value for type') },
  { re: /access=[^,]*,?/y, apply: (t, st) => setAccess(st, afterEquals(t)) },
  { re: /backend=[^,]*,?/y, apply: keyString('backend') },
  { re: /backendtype=[^,]*,?/y, apply: keyString('backendtype') },
  { re: /specification=[^,]*,?/y, apply: keyString('specification') },
  { re: /vdev=[^,]*,?/y, apply: keyString('vdev') },
  { re: /script=[^,]*,?/y, apply: keyString('script') },
  { re: /(?:direct-io-safe|discard|no-discard|colo|no-colo|trusted|untrusted|grant_usage=[01]),?/y, apply: ignore },
  { re: /(?:colo-host|colo-port|colo-export|active-disk|hidden-disk)=[^,]*,?/y, apply: (t, st) => saveString(st, t.slice(0, t.indexOf('=')), afterEquals(t)) },
  // target= takes the rest of the spec, commas included: that is why it must come last.
  { re: /target=.*/y, apply: keyString('target') },
  { re: /[a-z][-a-z0-9]*=[^,],?/y, apply: (t, st) => diskError(st, t, 'unknown parameter') },
  { re: /(?:raw|qcow2?|vhd):/y, claimsRest: true, apply: (t, st) => ((st.hadDeprecatedPrefix = true), setFormat(st, t.slice(0, -1))) },
  { re: /(?:iscsi|e?nbd|drbd):/y, claimsRest: true, apply: (t, st) => ((st.hadDeprecatedPrefix = true), saveString(st, 'script', `block-${t.slice(0, -1)}`)) },
  { re: /(?:tapdisk|tap2?|aio|ioemu|file|phy):/y, claimsRest: true, apply: (_t, st) => void (st.hadDeprecatedPrefix = true) },
  { re: /[a-z][a-z0-9]*:(?=[^a-z0-9]|$)/y, claimsRest: true, apply: (t, st) => (diskError(st, t, 'unknown deprecated disk prefix'), 'stop') },
  { re: /[^=,]*,|[^=,]+,?/y, apply: positional },
];

export function parseDiskSpec(spec: string): SpecResult<DiskSpec> {
  const st: DiskState = { strings: new Map(), formatSet: false, accessSet: false, hadDeprecatedPrefix: false, cdrom: false, errors: [] };
  let pos = 0;
  while (pos < spec.length) {
    let best: { rule: DiskRule; text: string; claim: number } | null = null;
    for (const rule of DISK_RULES) {
      rule.re.lastIndex = pos;
      const m = rule.re.exec(spec);
      if (!m || m[0] === '') continue;
      const claim = rule.claimsRest ? spec.length - pos : m[0].length;
      if (!best || claim > best.claim) best = { rule, text: m[0], claim };
    }
    if (!best) {
      diskError(st, spec.slice(pos), 'bad disk syntax');
      break;
    }
    pos += best.text.length;
    if (best.rule.apply(best.text, st) === 'stop') break;
  }
  const messages = st.errors.map((e) => diskMessage(e, spec));
  if (messages.length > 0) return fail(messages);
  const target = st.strings.get('target');
  const vdev = st.strings.get('vdev');
  const backend = st.strings.get('backend');
  if (vdev === undefined) return fail([diskMessage('no vdev specified', spec)]);
  if (target === undefined && !st.cdrom) return fail([diskMessage('no target specified (and device not removable)', spec)]);
  const disk: DiskSpec = { target: target ?? '', vdev, access: st.cdrom ? 'ro' : (st.access ?? 'rw') };
  if (st.format !== undefined) disk.format = st.format;
  if (backend !== undefined) disk.backend = backend;
  return { ok: true, value: disk };
}

function diskMessage(problem: string, spec: string): XlMessage {
  return { at: 'file', text: `config parsing error in disk specification: ${problem} in \`${spec}'` };
}

// ---------------------------------------------------------------- vif and usbctrl

/** xl's strtok(spec, ","): empty pieces vanish; leading blanks of a piece are skipped. */
function optionTokens(spec: string): string[] {
  return spec
    .split(',')
    .filter((t) => t !== '')
    .map((t) => t.replace(/^ +/, ''));
}

function option(token: string): [key: string, value: string] | null {
  const eq = token.indexOf('=');
  return eq < 0 ? null : [token.slice(0, eq), token.slice(eq + 1)];
}

/** vif keys xl accepts that VifSpec does not model; they are accepted and dropped. */
const VIF_IGNORED = /^(?:type|netdev|gatewaydev|vifname|model|rate|forwarddev|accel|devid|mtu|colo_[a-z0-9_]+)$/;

/** xl reads six hex numbers separated by any one character. */
function macIsReadable(mac: string): boolean {
  let rest = mac;
  for (let i = 0; i < 6; i++) {
    const m = /^[ \t]*[+-]?(?:0[xX])?[0-9a-fA-F]+/.exec(rest);
    if (!m || parseInt(m[0], 16) > 255) return false;
    rest = rest.slice(m[0].length + 1);
  }
  return true;
}

export function parseVifSpec(spec: string): SpecResult<VifSpec> {
  const vif: VifSpec = {};
  for (const token of optionTokens(spec)) {
    const kv = option(token);
    const [key, value] = kv ?? ['', ''];
    if (key === 'mac') {
      if (!macIsReadable(value)) return fail([{ at: null, text: "Invalid parameter `mac'." }]);
      vif.mac = value;
    } else if (key === 'ip' || key === 'bridge' || key === 'script' || key === 'backend') {
      vif[key] = value;
    } else if (kv === null || !VIF_IGNORED.test(key)) {
      return fail([{ at: null, text: `unrecognized argument \`${token}'` }]);
    } else if (key === 'type' && value !== 'vif' && value !== 'ioemu') {
      return fail([{ at: null, text: "Invalid parameter `type'." }]);
    }
  }
  return { ok: true, value: vif };
}

const USBCTRL_TYPES: ReadonlySet<string> = new Set(['pv', 'qusb', 'devicemodel', 'auto']);

/** C's atoi. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  return m?.[1] ? parseInt(m[1], 10) : 0;
}

export function parseUsbCtrlSpec(spec: string): SpecResult<UsbCtrlSpec> {
  let version = 0;
  let ports = 0;
  let type: UsbCtrlSpec['type'];
  for (const token of optionTokens(spec)) {
    const [key, value] = option(token) ?? ['', ''];
    if (key === 'type') {
      if (!USBCTRL_TYPES.has(value)) return fail([{ at: null, text: `Invalid usb controller type '${value}'` }]);
      type = value as UsbCtrlSpec['type'];
    } else if (key === 'version') {
      version = atoi(value);
    } else if (key === 'ports') {
      ports = atoi(value);
    } else {
      return fail([{ at: null, text: `Unknown string \`${token}' in usbctrl spec` }]);
    }
  }
  // libxl's defaults for an unset (zero) version and port count.
  if (version === 0) version = 2;
  if (ports === 0) ports = 8;
  if (version !== 1 && version !== 2 && version !== 3) {
    return fail([{ at: null, text: `qtui: usb controller version ${version} is not 1, 2 or 3` }]);
  }
  const ctrl: UsbCtrlSpec = { version, ports };
  if (type !== undefined) ctrl.type = type;
  return { ok: true, value: ctrl };
}
