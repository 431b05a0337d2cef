/**
 * USB storage lent as a disk: sys-usb's disks (sdb…) attached to a qube with
 * xl block-attach, sys-usb as the backend, so the qube sees that one disk
 * and none of sys-usb's USB stack. block ls, block attach QUBE BACKEND:DEVICE
 * [--ro], block detach QUBE VDEV|BACKEND:DEVICE.
 */
import { isUsbBlockName, QTUI_USB, type UsbBlockDevice } from '../../dbus-protocol/index.js';
import { decodeUsbBlockDevices } from '../../relay/reply-decoders.js';
import { relayed, requireQube, requireService, type BlockAttachment, type RelayContext } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { flag, FORMAT_OPTION, formatted, str } from './command-helpers.js';

const QUBE_ARG = { name: 'qube', help: 'the qube', type: 'qube', required: true, complete: 'running-qubes' } as const;

/** What sys-usb offers, and what of it is lent where. */
async function offered(ctx: RelayContext): Promise<{ backend: string; disks: UsbBlockDevice[]; lent: BlockAttachment[] }> {
  const backend = requireService(ctx, 'usb');
  const disks = await relayed(() => ctx.relay.call(backend, QTUI_USB, 'BlockDevices', [], decodeUsbBlockDevices));
  return { backend, disks, lent: await ctx.block.attachments(backend) };
}

const devPath = (name: string): string => `/dev/${name}`;

/** BACKEND:DEVICE, e.g. sys-usb:sdb; the backend must be the running USB qube. */
function backendDevice(ctx: RelayContext, word: string): { backend: string; name: string } {
  const backend = requireService(ctx, 'usb');
  const [given, name, ...rest] = word.split(':');
  if (rest.length > 0 || name === undefined || !isUsbBlockName(name)) throw new CommandError(`not BACKEND:DEVICE (e.g. ${backend}:sdb): ${JSON.stringify(sanitizeText(word, 80))}`, 2, 'usage');
  if (given !== backend) throw new CommandError(`${sanitizeText(given ?? '', 31)} is not the USB qube (${backend} is)`, 1, 'not-found');
  return { backend, name };
}

function sizeText(bytes: bigint): string {
  const gib = Number(bytes) / 2 ** 30;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(Number(bytes) / 2 ** 20).toFixed(0)} MiB`;
}

export const blockLsCommand: CommandSpec<RelayContext> = {
  name: 'block-ls',
  summary: 'disks of USB storage in sys-usb, and which qube each is attached to',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const { backend, disks, lent } = await offered(ctx);
    const lentAs = (at: BlockAttachment | undefined): { attachedTo: string | null; vdev: string | null; access: string | null } =>
      at ? { attachedTo: at.qube, vdev: at.vdev, access: at.readOnly ? 'ro' : 'rw' } : { attachedTo: null, vdev: null, access: null };
    // bigint size as a decimal string: JSON has no 64-bit integers.
    const rows = disks.map((d) => ({ backend, device: d.name, port: d.port, sizeBytes: String(d.sizeBytes), readOnly: d.readOnly, ...lentAs(lent.find((a) => a.target === devPath(d.name))) }));
    // A disk still lent after its stick was pulled: listed (port '') so it can be taken back.
    for (const a of lent.filter((l) => !disks.some((d) => devPath(d.name) === l.target))) {
      rows.push({ backend, device: a.target.replace(/^\/dev\//, ''), port: '', sizeBytes: '0', readOnly: a.readOnly, ...lentAs(a) });
    }
    const text = rows
      .map((r) => `${`${backend}:${r.device}`.padEnd(20)} ${(r.port || 'gone').padEnd(10)} ${sizeText(BigInt(r.sizeBytes)).padStart(10)}${r.readOnly ? '  read-only' : ''}${r.attachedTo ? `  attached to ${r.attachedTo} as ${r.vdev} (${r.access})` : ''}\n`)
      .join('');
    return formatted(args, rows, text);
  },
};

export const blockAttachCommand: CommandSpec<RelayContext> = {
  name: 'block-attach',
  summary: 'lend a disk of sys-usb (BACKEND:DEVICE, e.g. sys-usb:sdb) to a qube',
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG, { name: 'device', help: 'BACKEND:DEVICE, e.g. sys-usb:sdb', type: 'string', required: true }],
  options: [{ name: 'ro', help: 'read-only', type: 'boolean' }, FORMAT_OPTION],
  handler: async (ctx, args) => {
    const qube = str(args, 'qube') ?? '';
    requireQube(ctx, qube);
    const { backend, name } = backendDevice(ctx, str(args, 'device') ?? '');
    const { disks } = await offered(ctx);
    const disk = disks.find((d) => d.name === name);
    if (!disk) throw new CommandError(`${backend} has no disk ${name}`, 1, 'not-found');
    const readOnly = flag(args, 'ro');
    if (disk.readOnly && !readOnly) throw new CommandError(`${backend}:${name} is read-only (write-protected): attach it with --ro`, 1, 'failed');
    const vdev = await ctx.block.attach(qube, backend, devPath(name), readOnly);
    const data = { qube, backend, device: name, vdev, access: readOnly ? 'ro' : 'rw' };
    return formatted(args, data, `attached ${backend}:${name} to ${qube} as ${vdev} (${data.access})\n`);
  },
};

export const blockDetachCommand: CommandSpec<RelayContext> = {
  name: 'block-detach',
  summary: 'take a lent disk back from a qube (its vdev, or BACKEND:DEVICE)',
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG, { name: 'device', help: 'the vdev in the qube (xvdi) or BACKEND:DEVICE', type: 'string', required: true }],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const qube = str(args, 'qube') ?? '';
    requireQube(ctx, qube);
    const word = str(args, 'device') ?? '';
    const lent = (await offered(ctx)).lent.filter((a) => a.qube === qube);
    // Only lent disks: the qube's own (xvda…) are not this command's to take away.
    const at = word.includes(':') ? lent.find((a) => a.target === devPath(backendDevice(ctx, word).name)) : lent.find((a) => a.vdev === word);
    if (!at) throw new CommandError(`${qube} has no lent disk ${JSON.stringify(sanitizeText(word, 80))}`, 1, 'not-found');
    await ctx.block.detach(qube, at.vdev);
    const data = { qube, backend: at.backend, device: at.target.replace(/^\/dev\//, ''), vdev: at.vdev };
    return formatted(args, data, `detached ${at.backend}:${data.device} (${at.vdev}) from ${qube}\n`);
  },
};

export const blockCommands = [blockLsCommand, blockAttachCommand, blockDetachCommand];
