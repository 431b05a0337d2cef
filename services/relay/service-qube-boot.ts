/**
 * On the simulated host, what a service qube runs at boot: its own bus
 * (Debian's dbus-daemon, config and socket in the domain folder, which is
 * the simulated guest's own filesystem) and its agent, which keeps the
 * vchan server joining dom0's relay to that bus (the agents' --vchan). The
 * simulated supervisor runs `<domain folder>/rc.local` inside the domain's
 * process tree, so all of it ends when the domain does.
 *
 * The script runs inside the simulated guest, not in dom0; every value put
 * into it is quoted for sh, and each part restarts on its own: the agent
 * exits when its bus goes, and must come back with it.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';
import { RELAY_VCHAN_NAME } from './service-relay.js';

/** The qube feature that makes a qube a service qube, and which agent it runs. */
export const SERVICE_FEATURE = 'qtui-service';

export const SERVICE_KINDS = ['network', 'firewall', 'usb', 'gui'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export function serviceKindOf(features: Readonly<Record<string, string>>): ServiceKind | undefined {
  const v = features[SERVICE_FEATURE];
  return SERVICE_KINDS.includes(v as ServiceKind) ? (v as ServiceKind) : undefined;
}

export interface ServiceBootOptions {
  /** The domain folder (sim-state's domainFolder). */
  folder: string;
  kind: ServiceKind;
  /** The repository root, whose dist/ holds the compiled agents. */
  repoRoot: string;
  /** The vchan-socket-proxy the agent runs (the simulated one). */
  vchanProxy: string;
  /** The node binary; default the one running now. */
  node?: string;
  /** sys-usb's simulated sysfs tree; default `<folder>/sysfs-usb`. */
  usbSysfs?: string;
}

/** The bus socket of a simulated service qube. */
export function qubeBusSocket(folder: string): string {
  return join(folder, 'bus.sock');
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A session-type bus for the qube's own programs: only its user may connect; anyone on it may talk and own names, as on a desktop session bus. */
export function qubeBusConfig(socketPath: string, user: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${xmlEscape(socketPath)}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="${xmlEscape(user)}"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

function agentArgs(o: ServiceBootOptions): string[] {
  const dist = join(o.repoRoot, 'dist');
  switch (o.kind) {
    case 'network':
      return [join(dist, 'netvm', 'netvm-agent-main.js'), '--simulated-wifi'];
    case 'firewall':
      // The simulated qube may not touch dom0's (the machine's) netfilter.
      return [join(dist, 'netvm', 'netvm-agent-main.js'), '--no-network', '--firewall', '--nft', 'off'];
    case 'usb':
      return [join(dist, 'usbvm', 'usbvm-agent-main.js'), '--sysfs', o.usbSysfs ?? join(o.folder, 'sysfs-usb')];
    case 'gui':
      return [join(dist, 'guivm', 'guivm-agent-main.js')];
  }
}

export function rcLocalScript(o: ServiceBootOptions): string {
  const socket = qubeBusSocket(o.folder);
  const address = `unix:path=${socket}`;
  const agent = [o.node ?? process.execPath, ...agentArgs(o), '--bus', address, '--vchan', RELAY_VCHAN_NAME].map(shQuote).join(' ');
  return `#!/bin/sh
# Written by qtui for the simulated ${o.kind} service qube: its bus and its agent.
export QTUI_VCHAN_PROXY=${shQuote(o.vchanProxy)}
export DBUS_SESSION_BUS_ADDRESS=${shQuote(address)}
while :; do dbus-daemon --nofork --config-file=${shQuote(join(o.folder, 'bus.conf'))}; sleep 1; done &
while :; do
  while [ ! -S ${shQuote(socket)} ]; do sleep 0.2; done
  ${agent}
  sleep 1
done &
wait
`;
}

/** Writes the qube's bus config and rc.local (executable) into its domain folder. */
export async function writeServiceQubeBoot(o: ServiceBootOptions): Promise<void> {
  mkdirSync(o.folder, { recursive: true });
  if (o.kind === 'usb') mkdirSync(o.usbSysfs ?? join(o.folder, 'sysfs-usb'), { recursive: true });
  await writeFileAtomic(join(o.folder, 'bus.conf'), qubeBusConfig(qubeBusSocket(o.folder), userInfo().username), 0o644);
  const rc = join(o.folder, 'rc.local');
  await writeFileAtomic(rc, rcLocalScript(o), 0o755);
  chmodSync(rc, 0o755);
}
