/** `xl network-attach`, `xl network-list`, `xl network-detach`. */
import { backendDomid, domidOfName, findGuest, resolveDomain } from '../domain-ref.js';
import { nextDevid, nicFromSpec } from '../guest-devices.js';
import { updateGuest } from '../guest-update.js';
import { appendXenstoreEvents, readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import type { VifSpec } from '../../xl-cfg/xl-config.js';
import { NETWORK_LIST_HEADER, networkRow } from '../format/device-list-format.js';

/** Keys real xl accepts that change nothing the simulated host shows. */
const IGNORED_KEYS = new Set(['type', 'vifname', 'rate', 'model', 'accel', 'mtu', 'gatewaydev']);

function missingDomid(domid: number): string {
  return `libxl: error: libxl_device.c:1190:libxl__device_nic_add: Domain ${domid}:Unable to add nic: No such process\n`;
}

export async function runNetworkAttach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'network-attach', 1, () => commandHelp('network-attach'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', ...settings] = parsed.value.positional;
  const spec: VifSpec = {};
  for (const setting of settings) {
    const at = setting.indexOf('=');
    const key = at < 0 ? setting : setting.slice(0, at);
    const value = at < 0 ? '' : setting.slice(at + 1);
    if (key === 'mac' || key === 'ip' || key === 'bridge' || key === 'script' || key === 'backend') spec[key] = value;
    else if (!IGNORED_KEYS.has(key)) {
      ctx.err(`unrecognized argument \`${setting}'\n`);
      return 1;
    }
  }
  let event = '';
  const code = await updateGuest(
    ctx,
    qualifier,
    (d, state) => {
      if (spec.backend !== undefined && domidOfName(state, spec.backend) === undefined) {
        ctx.err(`${spec.backend} is an invalid domain identifier\n`);
        return 1;
      }
      const nic = nicFromSpec(spec, nextDevid(d.nics));
      d.nics.push(nic);
      event = `/local/domain/${d.domid}/device/vif/${nic.devid}`;
      return 0;
    },
    missingDomid,
  );
  if (code === 0) appendXenstoreEvents(ctx.simDir, [event]);
  return code;
}

export async function runNetworkList(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'network-list', 1, () => commandHelp('network-list'));
  if (!parsed.ok) return parsed.exitCode;
  const state = readSimState(ctx.simDir, ctx.env);
  ctx.out(NETWORK_LIST_HEADER);
  for (const qualifier of parsed.value.positional) {
    const domid = resolveDomain(ctx, state, qualifier);
    if (domid === undefined) return 1;
    const d = findGuest(state, domid);
    for (const nic of d?.nics ?? []) ctx.out(networkRow(domid, backendDomid(state, nic.backend), nic));
  }
  return 0;
}

export async function runNetworkDetach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'network-detach', 2, () => commandHelp('network-detach'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', which = ''] = parsed.value.positional;
  let event = '';
  const code = await updateGuest(
    ctx,
    qualifier,
    (d) => {
      const byDevid = /^\d+$/.test(which);
      const at = d.nics.findIndex((n) => (byDevid ? n.devid === Number(which) : n.mac.toLowerCase() === which.toLowerCase()));
      if (at < 0) {
        if (byDevid) ctx.err(`libxl: error: libxl_xshelp.c:206:libxl__xs_read_mandatory: xenstore read failed: \`/libxl/${d.domid}/device/vif/${which}': No such file or directory\n`);
        ctx.err(`Unknown device ${which}.\n`);
        return 1;
      }
      const [nic] = d.nics.splice(at, 1);
      event = `/local/domain/${d.domid}/device/vif/${nic?.devid ?? which}`;
      return 0;
    },
    missingDomid,
  );
  if (code === 0) appendXenstoreEvents(ctx.simDir, [event]);
  return code;
}
