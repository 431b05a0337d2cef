/**
 * USB devices of sys-usb: usb ls, usb attach/detach QUBE DEVICE (Xen's PV
 * USB, sys-usb as the backend, done by the daemon's UsbAttacher), and usb
 * assign QUBE DEVICE (persistent: attachAssignedDevices attaches it each
 * time the qube starts). DEVICE is a port as `usb ls` shows it (1-1.4) or
 * a vendor:product[:serial] id.
 */
import { isUsbPort, QTUI_USB, type UsbDevice } from '../../dbus-protocol/index.js';
import { decodeUsbDevices } from '../../relay/reply-decoders.js';
import { relayed, requireQube, requireService, type RelayContext, type UsbAttachment } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import { isUsbDeviceId, usbDeviceId, usbDeviceMatches } from '../../relay/usb-assignments.js';
import { CommandError, type CommandSpec, type ParsedArgs } from '../command-spec.js';
import { flag, FORMAT_OPTION, formatted, str } from './command-helpers.js';

const QUBE_ARG = { name: 'qube', help: 'the qube', type: 'qube', required: true, complete: 'qubes' } as const;
const DEVICE_ARG = { name: 'device', help: 'a port (1-1.4) or vendor:product[:serial]', type: 'string', required: true } as const;

async function listDevices(ctx: RelayContext): Promise<{ backend: string; devices: UsbDevice[] }> {
  const backend = requireService(ctx, 'usb');
  const devices = await relayed(() => ctx.relay.call(backend, QTUI_USB, 'List', [], decodeUsbDevices));
  return { backend, devices };
}

function deviceArg(args: ParsedArgs): string {
  const device = str(args, 'device') ?? '';
  if (!isUsbPort(device) && !isUsbDeviceId(device)) throw new CommandError(`not a USB port or vendor:product id: ${JSON.stringify(sanitizeText(device, 80))}`, 2, 'usage');
  return device;
}

function findDevice(devices: readonly UsbDevice[], device: string, backend: string): UsbDevice {
  const found = devices.find((d) => d.port === device || usbDeviceMatches(device, d));
  if (!found) throw new CommandError(`${backend} has no USB device ${device}`, 1, 'not-found');
  return found;
}

export const usbLsCommand: CommandSpec<RelayContext> = {
  name: 'usb-ls',
  summary: 'USB devices in sys-usb: where each is attached, and their persistent assignments',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const { backend, devices } = await listDevices(ctx);
    const assignments = ctx.usbAssignments.all();
    const attached = await ctx.usb.attachments(backend);
    const rows = devices.map((d) => ({
      backend,
      port: d.port,
      id: usbDeviceId(d),
      name: sanitizeText(`${d.manufacturer} ${d.product}`.trim(), 120),
      classes: d.classes,
      assignedTo: assignments.find((a) => usbDeviceMatches(a.device, d))?.qube ?? null,
      attachedTo: attached.find((a) => a.hostbus === d.bus && a.hostaddr === d.device)?.qube ?? null,
    }));
    const text = rows
      .map((r) => `${backend}:${r.port.padEnd(10)} ${r.id.slice(0, 9)}  ${r.name}${r.attachedTo ? `  (attached to ${r.attachedTo})` : ''}${r.assignedTo ? `  (assigned to ${r.assignedTo})` : ''}\n`)
      .join('');
    return formatted(args, rows, text);
  },
};

/** The qube and the sys-usb device named by a command's QUBE and DEVICE words. */
async function qubeAndDevice(ctx: RelayContext, args: ParsedArgs): Promise<{ qube: string; backend: string; device: UsbDevice }> {
  const qube = str(args, 'qube') ?? '';
  requireQube(ctx, qube);
  const wanted = deviceArg(args);
  const { backend, devices } = await listDevices(ctx);
  return { qube, backend, device: findDevice(devices, wanted, backend) };
}

export const usbAttachCommand: CommandSpec<RelayContext> = {
  name: 'usb-attach',
  summary: 'attach a USB device of sys-usb to a qube (Xen PV USB)',
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG, DEVICE_ARG],
  options: [],
  handler: async (ctx, args) => {
    const { qube, backend, device } = await qubeAndDevice(ctx, args);
    await ctx.usb.attach(qube, device, backend);
    return { data: { qube, backend, port: device.port, id: usbDeviceId(device) }, text: `attached ${backend}:${device.port} to ${qube}\n` };
  },
};

export const usbDetachCommand: CommandSpec<RelayContext> = {
  name: 'usb-detach',
  summary: 'detach a USB device from a qube',
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG, DEVICE_ARG],
  options: [],
  handler: async (ctx, args) => {
    const { qube, backend, device } = await qubeAndDevice(ctx, args);
    await ctx.usb.detach(qube, device, backend);
    return { data: { qube, backend, port: device.port }, text: `detached ${backend}:${device.port} from ${qube}\n` };
  },
};

export const usbAssignCommand: CommandSpec<RelayContext> = {
  name: 'usb-assign',
  summary: 'attach a USB device to a qube whenever it starts (--remove to stop)',
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG, DEVICE_ARG],
  options: [{ name: 'remove', help: 'remove the assignment', type: 'boolean' }],
  handler: async (ctx, args) => {
    const qube = str(args, 'qube') ?? '';
    requireQube(ctx, qube);
    const wanted = deviceArg(args);
    if (flag(args, 'remove')) {
      if (!(await ctx.usbAssignments.unassign(qube, wanted))) throw new CommandError(`${wanted} is not assigned to ${qube}`, 1, 'not-found');
      return { data: ctx.usbAssignments.all(), text: `${wanted} no longer assigned to ${qube}\n` };
    }
    // A port names a socket, not a device: take the id of what is plugged there now.
    const id = isUsbDeviceId(wanted) ? wanted : usbDeviceId(findDevice((await listDevices(ctx)).devices, wanted, requireService(ctx, 'usb')));
    await ctx.usbAssignments.assign(qube, id);
    return { data: ctx.usbAssignments.all(), text: `${id} assigned to ${qube}\n` };
  },
};

/**
 * Attaches to `qube` every present device assigned to it (the daemon calls
 * this when the qube has started). Returns what was attached and what failed.
 */
export async function attachAssignedDevices(ctx: RelayContext, qube: string): Promise<{ attached: string[]; failed: string[] }> {
  const ids = ctx.usbAssignments.assignedDevices(qube);
  const attached: string[] = [];
  const failed: string[] = [];
  if (ids.length === 0) return { attached, failed };
  let listed: { backend: string; devices: UsbDevice[] };
  let present: UsbAttachment[];
  try {
    listed = await listDevices(ctx);
    present = await ctx.usb.attachments(listed.backend);
  } catch (e) {
    return { attached, failed: ids.map((id) => `${id}: ${e instanceof Error ? e.message : String(e)}`) };
  }
  for (const id of ids) {
    const device = listed.devices.find((d) => usbDeviceMatches(id, d));
    if (!device) {
      failed.push(`${id}: not plugged in`);
      continue;
    }
    // Asked again when sys-usb comes back: what is already there stays as it is.
    if (present.some((a) => a.qube === qube && a.hostbus === device.bus && a.hostaddr === device.device)) continue;
    try {
      await ctx.usb.attach(qube, device, listed.backend);
      attached.push(id);
    } catch (e) {
      failed.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { attached, failed };
}

export const usbCommands = [usbLsCommand, usbAttachCommand, usbDetachCommand, usbAssignCommand];
