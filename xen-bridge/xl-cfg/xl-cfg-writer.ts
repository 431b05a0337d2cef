/**
 * Writes an XlConfig as an xl.cfg(5) file. Returns a Result rather than
 * throwing: a refused value is an expected outcome (it usually comes from a
 * user or a qube) and the caller must say which field was wrong.
 *
 * Every value is validated first (xl-cfg-validate.ts), so no value can break
 * out of its quotes or add keys to a device spec; parseXlCfg(writeXlCfg(c))
 * gives back `c`.
 */
import type { Result } from '../result.js';
import { validateXlConfig, type XlCfgFieldError } from './xl-cfg-validate.js';
import type { DiskSpec, UsbCtrlSpec, VifSpec, XlConfig } from './xl-config.js';

export type { XlCfgFieldError } from './xl-cfg-validate.js';

/** `format=…,vdev=…,access=…,backend=…,target=…`: target last, because xl reads the rest of the spec as the target. */
export function diskSpecText(d: DiskSpec): string {
  const parts: string[] = [];
  if (d.format !== undefined) parts.push(`format=${d.format}`);
  parts.push(`vdev=${d.vdev}`, `access=${d.access}`);
  if (d.backend !== undefined) parts.push(`backend=${d.backend}`);
  parts.push(`target=${d.target}`);
  return parts.join(',');
}

export function vifSpecText(v: VifSpec): string {
  const parts: string[] = [];
  for (const key of ['mac', 'ip', 'backend', 'bridge', 'script'] as const) {
    const value = v[key];
    if (value !== undefined) parts.push(`${key}=${value}`);
  }
  return parts.join(',');
}

export function usbCtrlSpecText(u: UsbCtrlSpec): string {
  return `version=${u.version},ports=${u.ports}${u.type !== undefined ? `,type=${u.type}` : ''}`;
}

/** Validated values never hold a quote, so plain quoting is exact. */
const str = (value: string): string => `"${value}"`;
const list = (items: readonly string[]): string => `[ ${items.map((i) => `'${i}'`).join(', ')} ]`;

export function writeXlCfg(cfg: XlConfig): Result<string, XlCfgFieldError> {
  const problem = validateXlConfig(cfg);
  if (problem) return { ok: false, error: problem };

  const lines: string[] = ['# Written by qtui; changes made here are overwritten.', `name = ${str(cfg.name)}`, `type = ${str(cfg.type)}`];
  for (const key of ['kernel', 'ramdisk', 'extra'] as const) {
    const value = cfg[key];
    if (value !== undefined) lines.push(`${key} = ${str(value)}`);
  }
  lines.push(`memory = ${cfg.memory}`);
  if (cfg.maxmem !== undefined) lines.push(`maxmem = ${cfg.maxmem}`);
  lines.push(`vcpus = ${cfg.vcpus}`);
  if (cfg.uuid !== undefined) lines.push(`uuid = ${str(cfg.uuid)}`);
  if (cfg.disks.length > 0) lines.push(`disk = ${list(cfg.disks.map(diskSpecText))}`);
  if (cfg.vifs.length > 0) lines.push(`vif = ${list(cfg.vifs.map(vifSpecText))}`);
  if (cfg.usbctrls.length > 0) lines.push(`usbctrl = ${list(cfg.usbctrls.map(usbCtrlSpecText))}`);
  for (const key of ['on_poweroff', 'on_reboot', 'on_crash'] as const) {
    const action = cfg[key];
    if (action !== undefined) lines.push(`${key} = ${str(action)}`);
  }
  return { ok: true, value: `${lines.join('\n')}\n` };
}
