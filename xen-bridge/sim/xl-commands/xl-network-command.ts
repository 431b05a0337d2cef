/** `xl network-attach`, `xl network-list`, `xl network-detach`. */
import { nextDevid, nicFromSpec } from '../guest-devices.js';
import type { SimNic } from '../sim-state.js';
import type { VifSpec } from '../../xl-cfg/xl-config.js';
import { NETWORK_LIST_HEADER, networkRow } from '../format/device-list-format.js';
import { deviceCommands } from './xl-device-command.js';

/** Keys real xl accepts that change nothing the simulated host shows. */
const IGNORED_KEYS = new Set(['type', 'vifname', 'rate', 'model', 'accel', 'mtu', 'gatewaydev']);

const network = deviceCommands<VifSpec, SimNic>({
  name: 'network',
  xenstore: 'vif',
  attachMinArgs: 1,
  detachOptions: [],
  missingDomid: (domid) => `libxl: error: libxl_device.c:1190:libxl__device_nic_add: Domain ${domid}:Unable to add nic: No such process\n`,
  parse: (ctx, settings) => {
    const spec: VifSpec = {};
    for (const setting of settings) {
      const at = setting.indexOf('=');
      const key = at < 0 ? setting : setting.slice(0, at);
      const value = at < 0 ? '' : setting.slice(at + 1);
      if (key === 'mac' || key === 'ip' || key === 'bridge' || key === 'script' || key === 'backend') spec[key] = value;
      else if (!IGNORED_KEYS.has(key)) {
        ctx.err(`unrecognized argument \`${setting}'\n`);
        return undefined;
      }
    }
    return spec;
  },
  devices: (d) => d.nics,
  create: (d, spec) => nicFromSpec(spec, nextDevid(d.nics)),
  xenstoreId: (nic) => nic.devid,
  listHeader: NETWORK_LIST_HEADER,
  row: networkRow,
  find: (ctx, d, which) => {
    const byDevid = /^\d+$/.test(which);
    const at = d.nics.findIndex((n) => (byDevid ? n.devid === Number(which) : n.mac.toLowerCase() === which.toLowerCase()));
    if (at < 0) {
      if (byDevid) ctx.err(`libxl: error: libxl_xshelp.c:206:libxl__xs_read_mandatory: xenstore read failed: \`/libxl/${d.domid}/device/vif/${which}': No such file or directory\n`);
      ctx.err(`Unknown device ${which}.\n`);
    }
    return at;
  },
});

export const runNetworkAttach = network.attach;
export const runNetworkList = network.list;
export const runNetworkDetach = network.detach;
