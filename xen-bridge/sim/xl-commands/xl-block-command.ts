/** `xl block-attach`, `xl block-list`, `xl block-detach`. */
import { backendDomid, domidOfName, findGuest, resolveDomain } from '../domain-ref.js';
import { diskFromSpec, nextDevid, xenVdevNumber } from '../guest-devices.js';
import { updateGuest } from '../guest-update.js';
import { appendXenstoreEvents, readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import type { DiskSpec } from '../../xl-cfg/xl-config.js';
import { BLOCK_LIST_HEADER, blockRow } from '../format/device-list-format.js';

function missingDomid(domid: number): string {
  return `libxl: error: libxl_device.c:1190:libxl__device_disk_add: Domain ${domid}:Unable to add disk: No such process\n`;
}

/**
 * xl-disk-configuration(5) key=value form, as one or several arguments.
 * target= swallows the rest, since a path may contain commas.
 */
function parseDiskSpec(parts: readonly string[]): DiskSpec | string {
  const text = parts.join(',');
  const fields: Record<string, string> = {};
  let rest = text;
  while (rest !== '') {
    if (rest.startsWith('target=')) {
      fields.target = rest.slice('target='.length);
      break;
    }
    const comma = rest.indexOf(',');
    const item = comma < 0 ? rest : rest.slice(0, comma);
    rest = comma < 0 ? '' : rest.slice(comma + 1);
    const eq = item.indexOf('=');
    if (eq < 0) return item;
    fields[item.slice(0, eq)] = item.slice(eq + 1);
  }
  const { target, vdev, format, access, backend } = fields;
  if (target === undefined || vdev === undefined) return text;
  if (format !== undefined && format !== 'raw' && format !== 'qcow2' && format !== 'vhd') return `format=${format}`;
  const spec: DiskSpec = { target, vdev, access: access === 'ro' || access === 'r' ? 'ro' : 'rw' };
  if (format !== undefined) spec.format = format;
  if (backend !== undefined) spec.backend = backend;
  return spec;
}

export async function runBlockAttach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'block-attach', 2, () => commandHelp('block-attach'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', ...parts] = parsed.value.positional;
  const spec = parseDiskSpec(parts);
  if (typeof spec === 'string') {
    ctx.err(`xl: unable to parse disk specification: ${spec}\n`);
    return 1;
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
      const disk = diskFromSpec(spec, nextDevid(d.disks));
      if (!disk) {
        ctx.err(`libxl: error: libxl_device.c:351:libxl__device_disk_set_backend: Disk vdev=${spec.vdev} failed to stat: ${spec.target}: Invalid argument\n`);
        return 1;
      }
      if (d.disks.some((x) => x.vdevNumber === disk.vdevNumber)) {
        ctx.err(`libxl: error: libxl_device.c:1450:device_addrm_aocomplete: unable to add device\n`);
        return 1;
      }
      d.disks.push(disk);
      event = `/local/domain/${d.domid}/device/vbd/${disk.vdevNumber}`;
      return 0;
    },
    missingDomid,
  );
  if (code === 0) appendXenstoreEvents(ctx.simDir, [event]);
  return code;
}

export async function runBlockList(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'block-list', 1, () => commandHelp('block-list'));
  if (!parsed.ok) return parsed.exitCode;
  const state = readSimState(ctx.simDir, ctx.env);
  ctx.out(BLOCK_LIST_HEADER);
  for (const qualifier of parsed.value.positional) {
    const domid = resolveDomain(ctx, state, qualifier);
    if (domid === undefined) return 1;
    for (const disk of findGuest(state, domid)?.disks ?? []) ctx.out(blockRow(domid, backendDomid(state, disk.backend), disk));
  }
  return 0;
}

export async function runBlockDetach(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [{ short: 'f' }], 'block-detach', 2, () => commandHelp('block-detach'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', which = ''] = parsed.value.positional;
  let event = '';
  const code = await updateGuest(
    ctx,
    qualifier,
    (d) => {
      const vdevNumber = /^\d+$/.test(which) ? Number(which) : xenVdevNumber(which);
      const at = d.disks.findIndex((x) => x.vdevNumber === vdevNumber);
      if (at < 0) {
        if (vdevNumber !== undefined) ctx.err(`libxl: error: libxl_disk.c:516:libxl__disk_from_xenstore: disk /libxl/${d.domid}/device/vbd/${vdevNumber} does not exist (no backend path\n`);
        ctx.err(`Error: Device ${which} not connected.\n`);
        return 1;
      }
      d.disks.splice(at, 1);
      event = `/local/domain/${d.domid}/device/vbd/${vdevNumber}`;
      return 0;
    },
    missingDomid,
  );
  if (code === 0) appendXenstoreEvents(ctx.simDir, [event]);
  return code;
}
