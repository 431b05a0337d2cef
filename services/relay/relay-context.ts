/**
 * What the relay's commands need from the daemon, kept small so they can
 * be run (and tested) without the whole of it.
 */
import { CommandError } from '../commands/command-spec.js';
import type { Policy, PolicyQubes } from '../policy/index.js';
import type { UsbDevice } from '../dbus-protocol/index.js';
import type { FirewallRulesStore } from './firewall-rules-store.js';
import { RelayError } from './relay-error.js';
import type { ServiceKind } from './service-qube-boot.js';
import type { ServiceRelay } from './service-relay.js';
import type { UsbAssignments } from './usb-assignments.js';

/** A host USB device of a backend qube, on a port of a running qube's virtual controller. */
export interface UsbAttachment {
  qube: string;
  hostbus: number;
  hostaddr: number;
  controller: number;
  port: number;
}

/** Xen's PV USB, done by the daemon (xl usbctrl-attach / usbdev-attach with `backend` as the backend domain). */
export interface UsbAttacher {
  attach(qube: string, device: UsbDevice, backend: string): Promise<void>;
  detach(qube: string, device: UsbDevice, backend: string): Promise<void>;
  /** Every device of `backend` attached to a running qube. */
  attachments(backend: string): Promise<UsbAttachment[]>;
}

/** A disk of a backend qube (e.g. sys-usb's /dev/sdb) lent to a running qube. */
export interface BlockAttachment {
  qube: string;
  backend: string;
  /** The path in the backend qube, e.g. /dev/sdb. */
  target: string;
  /** The device the receiving qube sees, e.g. xvdi. */
  vdev: string;
  readOnly: boolean;
}

/** Disks lent by one qube to another with xl block-attach/-detach. */
export interface BlockAttacher {
  /** Returns the vdev the receiving qube got. */
  attach(qube: string, backend: string, target: string, readOnly: boolean): Promise<string>;
  detach(qube: string, vdev: string): Promise<void>;
  /** Every disk `backend` lends to a running qube. */
  attachments(backend: string): Promise<BlockAttachment[]>;
}

export interface RelayContext {
  relay: ServiceRelay;
  /** The running qube whose feature qtui-service is `kind`, if any. */
  serviceQube(kind: ServiceKind): string | undefined;
  hasQube(name: string): boolean;
  policy(): Policy;
  policyQubes(): PolicyQubes;
  /** A qube's IPv4 and IPv6 addresses ('' for none), for its firewall rules. */
  qubeAddresses(qube: string): { ip4: string; ip6: string };
  usbAssignments: UsbAssignments;
  usb: UsbAttacher;
  block: BlockAttacher;
  firewallRules: FirewallRulesStore;
}

export function requireService(ctx: RelayContext, kind: ServiceKind): string {
  const qube = ctx.serviceQube(kind);
  if (!qube) throw new CommandError(`no ${kind} service qube is running (a qube with feature qtui-service=${kind})`, 1, 'failed');
  return qube;
}

export function requireQube(ctx: RelayContext, name: string): void {
  if (!ctx.hasQube(name)) throw new CommandError(`no qube named ${name}`, 1, 'not-found');
}

/** Runs a relayed action, turning a RelayError into what the user is told. */
export async function relayed<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    if (e instanceof RelayError) throw new CommandError(e.message, 1, e.kind === 'denied' ? 'denied' : e.kind === 'invalid-args' ? 'usage' : 'failed');
    throw e;
  }
}
