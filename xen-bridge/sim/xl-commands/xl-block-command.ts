/** `xl block-attach`, `xl block-list`, `xl block-detach`. */
import { diskFromSpec, nextDevid, xenVdevNumber } from '../guest-devices.js';
import type { SimDisk } from '../sim-state.js';
import type { DiskSpec } from '../../xl-cfg/xl-config.js';
import { BLOCK_LIST_HEADER, blockRow } from '../format/device-list-format.js';
import { deviceCommands } from './xl-device-command.js';

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

const block = deviceCommands<DiskSpec, SimDisk>({
  name: 'block',
  xenstore: 'vbd',
  attachMinArgs: 2,
  detachOptions: [{ short: 'f' }],
  missingDomid: (domid) => `libxl: error: libxl_device.c:1190:libxl__device_disk_add: Domain ${domid}:Unable to add disk: No such process\n`,
  parse: (ctx, words) => {
    const spec = parseDiskSpec(words);
    if (typeof spec !== 'string') return spec;
    ctx.err(`xl: unable to parse disk specification: ${spec}\n`);
    return undefined;
  },
  devices: (d) => d.disks,
  create: (d, spec) => {
    const disk = diskFromSpec(spec, nextDevid(d.disks));
    if (!disk) return `libxl: error: libxl_device.c:351:libxl__device_disk_set_backend: Disk vdev=${spec.vdev} failed to stat: ${spec.target}: Invalid argument\n`;
    if (d.disks.some((x) => x.vdevNumber === disk.vdevNumber)) return 'libxl: error: libxl_device.c:1450:device_addrm_aocomplete: unable to add device\n';
    return disk;
  },
  xenstoreId: (disk) => disk.vdevNumber,
  listHeader: BLOCK_LIST_HEADER,
  row: blockRow,
  find: (ctx, d, which) => {
    const vdevNumber = /^\d+$/.test(which) ? Number(which) : xenVdevNumber(which);
    const at = d.disks.findIndex((x) => x.vdevNumber === vdevNumber);
    if (at < 0) {
      if (vdevNumber !== undefined) ctx.err(`libxl: error: libxl_disk.c:516:libxl__disk_from_xenstore: disk /libxl/${d.domid}/device/vbd/${vdevNumber} does not exist (no backend path\n`);
      ctx.err(`Error: Device ${which} not connected.\n`);
    }
    return at;
  },
});

export const runBlockAttach = block.attach;
export const runBlockList = block.list;
export const runBlockDetach = block.detach;
