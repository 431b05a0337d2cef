/**
 * `xl list -l`: each domain's saved libxl configuration as JSON, fields in
 * libxl's IDL order and only where libxl would print them (non-defaults).
 * Domain-0 has no saved configuration, so real xl prints a minimal one.
 */
import type { SimDomain, SimState } from '../sim-state.js';
import { DOM0_NAME } from '../host-model.js';
import { yajlStringify, type YajlValue } from './yajl-json.js';

/** libxl's INVALID_DOMID: the saved config does not carry the live domid. */
const INVALID_DOMID = 4294967295;

type JsonObject = { [key: string]: YajlValue };

const SCHED_PARAMS: JsonObject = { sched: 'credit2', weight: 256, cap: 0 };

function dom0Config(state: SimState): JsonObject {
  return {
    c_info: { type: 'pv', name: DOM0_NAME },
    b_info: {
      max_memkb: state.dom0MemoryMiB * 1024,
      // Real dom0 reports its target one KiB under the maximum.
      target_memkb: state.dom0MemoryMiB * 1024 - 1,
      sched_params: SCHED_PARAMS,
      'type.pv': {},
      arch_arm: {},
      arch_x86: {},
    },
  };
}

function withOptional(obj: JsonObject, key: string, value: YajlValue | undefined): void {
  if (value !== undefined && value !== '') obj[key] = value;
}

/** libxl spells lifecycle actions with underscores. */
function action(a: string): string {
  return a.replace(/-/g, '_');
}

function domUConfig(d: SimDomain): JsonObject {
  const cfg = d.config;
  const b: JsonObject = {
    max_vcpus: cfg.vcpus,
    avail_vcpus: Array.from({ length: d.vcpusOnline }, (_, i) => i),
    max_memkb: d.maxmemMiB * 1024,
    target_memkb: d.memoryMiB * 1024,
    video_memkb: 0,
    sched_params: SCHED_PARAMS,
    claim_mode: 'True',
  };
  withOptional(b, 'kernel', cfg.kernel);
  withOptional(b, 'cmdline', cfg.extra);
  withOptional(b, 'ramdisk', cfg.ramdisk);
  b[`type.${cfg.type}`] = {};
  b.arch_arm = {};
  b.arch_x86 = { msr_relaxed: 'False' };

  const out: JsonObject = {
    c_info: { type: cfg.type, name: d.name, domid: INVALID_DOMID, uuid: d.uuid, run_hotplug_scripts: 'True' },
    b_info: b,
  };
  if (d.disks.length > 0) {
    out.disks = d.disks.map((disk) => {
      const o: JsonObject = {};
      if (disk.backend !== DOM0_NAME) withOptional(o, 'backend_domname', disk.backend);
      o.pdev_path = disk.target;
      o.vdev = disk.vdev;
      o.format = disk.format;
      if (disk.access === 'rw') o.readwrite = 1;
      o.colo_restore_enable = 'False';
      return o;
    });
  }
  if (d.nics.length > 0) {
    out.nics = d.nics.map((nic) => {
      const o: JsonObject = {};
      if (nic.backend !== DOM0_NAME) withOptional(o, 'backend_domname', nic.backend);
      o.devid = nic.devid;
      o.mac = nic.mac;
      withOptional(o, 'ip', nic.ip);
      withOptional(o, 'bridge', nic.bridge);
      withOptional(o, 'script', nic.script);
      o.nictype = 'vif';
      return o;
    });
  }
  if (d.usbctrls.length > 0) {
    out.usbctrls = d.usbctrls.map((c) => {
      const o: JsonObject = { type: c.type, devid: c.devid, version: c.version, ports: c.ports };
      if (c.backend !== DOM0_NAME) withOptional(o, 'backend_domname', c.backend);
      return o;
    });
  }
  if (d.usbdevs.length > 0) {
    // libxl writes a keyed union as "<key>.<variant>": { fields }, as b_info's "type.pv".
    out.usbdevs = d.usbdevs.map((u) => ({ ctrl: u.ctrl, port: u.port, 'type.hostdev': { hostbus: u.hostbus, hostaddr: u.hostaddr } }));
  }
  if (cfg.on_poweroff && cfg.on_poweroff !== 'destroy') out.on_poweroff = action(cfg.on_poweroff);
  out.on_reboot = action(cfg.on_reboot ?? 'restart');
  if (cfg.on_crash && cfg.on_crash !== 'destroy') out.on_crash = action(cfg.on_crash);
  out.on_soft_reset = 'soft_reset';
  return out;
}

/** domids: which domains to print, in order (0 = Domain-0). */
export function formatXlListLong(state: SimState, domids: readonly number[]): string {
  const entries: YajlValue[] = [];
  for (const domid of domids) {
    if (domid === 0) {
      entries.push({ domid: 0, config: dom0Config(state) });
      continue;
    }
    const d = state.domains.find((x) => x.domid === domid);
    if (d) entries.push({ domid, config: domUConfig(d) });
  }
  return `${yajlStringify(entries)}\n\n`;
}
