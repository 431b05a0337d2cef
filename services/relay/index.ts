/**
 * dom0's relay to the service qubes, as the daemon uses it:
 * - ServiceRelay: qubeStarted(name, domid) / qubeStopped(name) from domain
 *   events, status(name) for views, call() and onSignal() for everything else;
 * - writeServiceQubeBoot: on the simulated host, before a service qube
 *   (feature SERVICE_FEATURE) starts;
 * - RELAY_COMMANDS for the command table, over a RelayContext (its
 *   UsbAttacher and BlockAttacher: XlUsbAttacher, XlBlockAttacher);
 * - attachAssignedDevices / pushFirewallRules when a qube or sys-firewall starts;
 *   watchUsbAssignments / attachAllAssigned when a device or sys-usb comes;
 * - watchNotifications for the console's live notifications.
 */
import { blockCommands } from '../commands/table/cmd-block.js';
import { clipboardCommands } from '../commands/table/cmd-clipboard.js';
import { firewallCommands } from '../commands/table/cmd-firewall.js';
import { netCommands } from '../commands/table/cmd-net.js';
import { notifyListCommand } from '../commands/table/cmd-notify.js';
import { usbCommands } from '../commands/table/cmd-usb.js';
import type { CommandSpec } from '../commands/command-spec.js';
import type { RelayContext } from './relay-context.js';

export { ServiceRelay, RELAY_VCHAN_NAME, type BodyDecoder, type CallOptions, type DBusTarget, type RelayAuditEntry, type ServiceRelayOptions } from './service-relay.js';
export type { LinkState, LinkStatus } from './qube-link.js';
export { RelayError, type RelayErrorKind } from './relay-error.js';
export { qubeBusSocket, rcLocalScript, SERVICE_FEATURE, SERVICE_KINDS, serviceKindOf, writeServiceQubeBoot, type ServiceBootOptions, type ServiceKind } from './service-qube-boot.js';
export { relayed, type BlockAttacher, type BlockAttachment, type RelayContext, type UsbAttacher, type UsbAttachment } from './relay-context.js';
export { XlUsbAttacher } from './xl-usb-attacher.js';
export { XlBlockAttacher } from './xl-block-attacher.js';
export { UsbAssignments, usbDeviceId, type UsbAssignment } from './usb-assignments.js';
export { FirewallRulesStore, pushFirewallRules } from './firewall-rules-store.js';
export { sanitizeText } from './untrusted-text.js';
export { notificationLine, watchNotifications, type TaggedNotification } from './notification-feed.js';
export { attachAssignedDevices } from '../commands/table/cmd-usb.js';
export { attachAllAssigned, watchUsbAssignments, type AssignmentWatchOptions } from './usb-assignment-watch.js';

export const RELAY_COMMANDS: readonly CommandSpec<RelayContext>[] = [...netCommands, ...firewallCommands, ...usbCommands, ...blockCommands, notifyListCommand, ...clipboardCommands];
