/** `xl usbctrl-attach/-detach`, `xl usbdev-attach/-detach`, `xl usb-list`. */
import { backendDomid, findGuest, resolveDomain } from '../domain-ref.js';
import { nextDevid } from '../guest-devices.js';
import { DOM0_NAME } from '../host-model.js';
import { updateGuest } from '../guest-update.js';
import { appendXenstoreEvents, readSimState, type SimDomain, type SimUsbCtrl } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { usbList } from '../format/device-list-format.js';

/** libxl's defaults for a controller nobody described: USB 2.0 with 8 ports. */
const DEFAULT_VERSION = 2;
const DEFAULT_PORTS = 8;

function missingDomid(domid: number): string {
  return `libxl: error: libxl_usb.c:700:libxl__device_usbctrl_add: Domain ${domid}:Unable to add usb controller: No such process\n`;
}

/** key=value arguments; undefined (after an error message) for anything else or an unknown key. */
function keyValues(ctx: XlContext, parts: readonly string[], known: readonly string[]): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq);
    if (!known.includes(key)) {
      ctx.err(`Unknown string "${part}" in usb spec\n`);
      return undefined;
    }
    out.set(key, part.slice(eq + 1));
  }
  return out;
}

function intOf(map: Map<string, string>, key: string, fallback: number): number {
  const text = map.get(key);
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : fallback;
}

function addController(d: SimDomain, version: number, ports: number, type: string, backend: string): SimUsbCtrl {
  const ctrl: SimUsbCtrl = { devid: nextDevid(d.usbctrls), version, ports, type, backend };
  d.usbctrls.push(ctrl);
  return ctrl;
}

export async function runUsbctrlAttach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'usbctrl-attach', 1, () => commandHelp('usbctrl-attach'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', ...parts] = parsed.value.positional;
  const kv = keyValues(ctx, parts, ['type', 'version', 'ports', 'backend']);
  if (!kv) return 1;
  let event = '';
  const code = await updateGuest(
    ctx,
    qualifier,
    (d) => {
      const ctrl = addController(d, intOf(kv, 'version', DEFAULT_VERSION), intOf(kv, 'ports', DEFAULT_PORTS), kv.get('type') ?? 'pv', kv.get('backend') ?? DOM0_NAME);
      event = `/local/domain/${d.domid}/device/vusb/${ctrl.devid}`;
      return 0;
    },
    missingDomid,
  );
  if (code === 0) appendXenstoreEvents(ctx.simDir, [event]);
  return code;
}

export async function runUsbctrlDetach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'usbctrl-detach', 2, () => commandHelp('usbctrl-detach'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', devidText = ''] = parsed.value.positional;
  return updateGuest(
    ctx,
    qualifier,
    (d) => {
      const at = d.usbctrls.findIndex((c) => String(c.devid) === devidText);
      if (at < 0) {
        ctx.err(`Unknown device ${devidText}.\n`);
        return 1;
      }
      const [ctrl] = d.usbctrls.splice(at, 1);
      d.usbdevs = d.usbdevs.filter((u) => u.ctrl !== ctrl?.devid);
      return 0;
    },
    missingDomid,
  );
}

export async function runUsbdevAttach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'usbdev-attach', 2, () => commandHelp('usbdev-attach'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', ...parts] = parsed.value.positional;
  const kv = keyValues(ctx, parts, ['hostbus', 'hostaddr', 'controller', 'port', 'type']);
  if (!kv) return 1;
  const hostbus = intOf(kv, 'hostbus', -1);
  const hostaddr = intOf(kv, 'hostaddr', -1);
  if (hostbus < 0 || hostaddr < 0) {
    ctx.err('Missing hostbus or hostaddr of USB device\n');
    return 1;
  }
  return updateGuest(
    ctx,
    qualifier,
    (d, state) => {
      // libxl looks through every domain's devices (get_assigned_devices), not just this one's.
      if (state.domains.some((g) => g.usbdevs.some((u) => u.hostbus === hostbus && u.hostaddr === hostaddr))) {
        ctx.err(`libxl: error: libxl_usb.c:1339:libxl__device_usbdev_add: Domain ${d.domid}:USBdev ${hostbus}-${hostaddr} already assigned to a domain\n`);
        return 1;
      }
      const wantedCtrl = kv.has('controller') ? intOf(kv, 'controller', -1) : undefined;
      const wantedPort = kv.has('port') ? intOf(kv, 'port', -1) : undefined;
      const freePort = (c: SimUsbCtrl): number | undefined => {
        for (let p = 1; p <= c.ports; p++) if (!d.usbdevs.some((u) => u.ctrl === c.devid && u.port === p) && (wantedPort === undefined || wantedPort === p)) return p;
        return undefined;
      };
      let ctrl = d.usbctrls.find((c) => (wantedCtrl === undefined || c.devid === wantedCtrl) && freePort(c) !== undefined);
      // Like libxl, a device with nowhere to go gets a new default controller.
      if (!ctrl && wantedCtrl === undefined) ctrl = addController(d, DEFAULT_VERSION, DEFAULT_PORTS, 'pv', DOM0_NAME);
      const port = ctrl ? freePort(ctrl) : undefined;
      if (!ctrl || port === undefined) {
        ctx.err(`libxl: error: libxl_usb.c:1339:libxl__device_usbdev_add: Domain ${d.domid}:No available port\n`);
        return 1;
      }
      d.usbdevs.push({ ctrl: ctrl.devid, port, hostbus, hostaddr, backend: ctrl.backend });
      return 0;
    },
    missingDomid,
  );
}

export async function runUsbdevDetach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'usbdev-detach', 3, () => commandHelp('usbdev-detach'));
  if (!parsed.ok) return parsed.exitCode;
  // xl 4.17 takes "<controller> <port>"; older docs spell them controller=N port=N, accepted too.
  const [qualifier = '', ctrlText = '', portText = ''] = parsed.value.positional.map((a) => a.replace(/^(controller|port)=/, ''));
  const ctrl = /^\d+$/.test(ctrlText) ? Number(ctrlText) : -1;
  const port = /^\d+$/.test(portText) ? Number(portText) : -1;
  return updateGuest(
    ctx,
    qualifier,
    (d) => {
      const at = d.usbdevs.findIndex((u) => u.ctrl === ctrl && u.port === port);
      if (at < 0) {
        ctx.err(`Unknown device at controller ${ctrl} port ${port}.\n`);
        return 1;
      }
      d.usbdevs.splice(at, 1);
      return 0;
    },
    missingDomid,
  );
}

export async function runUsbList(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'usb-list', 1, () => commandHelp('usb-list'));
  if (!parsed.ok) return parsed.exitCode;
  const state = readSimState(ctx.simDir, ctx.env);
  const domid = resolveDomain(ctx, state, parsed.value.positional[0] ?? '');
  if (domid === undefined) return 1;
  const d = findGuest(state, domid);
  ctx.out(usbList((backend) => backendDomid(state, backend), d?.usbctrls ?? [], d?.usbdevs ?? []));
  return 0;
}
