/**
 * Persistent USB assignments kept true while qubes run, not only at their
 * start: a device plugged into sys-usb (its Added signal) goes to the
 * running qube it is assigned to, and when sys-usb's link comes up again
 * every running qube gets what is assigned to it and present.
 */
import { attachAssignedDevices } from '../commands/table/cmd-usb.js';
import { decodeUsbDevice, QTUI_USB } from '../dbus-protocol/index.js';
import type { RelayContext } from './relay-context.js';
import { usbDeviceMatches } from './usb-assignments.js';

export interface AssignmentWatchOptions {
  isRunning(qube: string): boolean;
  runningQubes(): string[];
  /** A device that should have been attached and was not, and why. */
  report(qube: string, message: string): void;
}

/** Attaches newly plugged assigned devices; returns the unsubscribe. */
export function watchUsbAssignments(ctx: RelayContext, o: AssignmentWatchOptions): () => void {
  return ctx.relay.onSignal(QTUI_USB, 'Added', (body) => decodeUsbDevice(body[0]), (backend, device) => {
    if (ctx.serviceQube('usb') !== backend) return;
    const assignment = ctx.usbAssignments.all().find((a) => usbDeviceMatches(a.device, device));
    if (!assignment || !o.isRunning(assignment.qube)) return;
    const { qube } = assignment;
    void (async () => {
      // Added comes again when a device's descriptors change: one attached anywhere is left where it is.
      const attached = await ctx.usb.attachments(backend);
      if (attached.some((a) => a.hostbus === device.bus && a.hostaddr === device.device)) return;
      await ctx.usb.attach(qube, device, backend);
    })().catch((e: unknown) => o.report(qube, `assigned device ${assignment.device} not attached: ${e instanceof Error ? e.message : String(e)}`));
  });
}

/** For a (re)connected sys-usb: every running qube gets its assigned devices that are present. */
export async function attachAllAssigned(ctx: RelayContext, o: AssignmentWatchOptions): Promise<void> {
  for (const qube of o.runningQubes()) {
    if (ctx.usbAssignments.assignedDevices(qube).length === 0) continue;
    const r = await attachAssignedDevices(ctx, qube);
    for (const f of r.failed) o.report(qube, `assigned device not attached: ${f}`);
  }
}
