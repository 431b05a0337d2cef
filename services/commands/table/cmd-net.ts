/** net status, net wifi-list, net connect: sys-net's view, relayed from its agent. */
import { QTUI_NETWORK } from '../../dbus-protocol/index.js';
import { decodeInterfaces, decodeWifi } from '../../relay/reply-decoders.js';
import { relayed, requireService, type RelayContext } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { FORMAT_OPTION, formatted, str } from './command-helpers.js';

export const netStatusCommand: CommandSpec<RelayContext> = {
  name: 'net-status',
  summary: "sys-net's interfaces: state, addresses, traffic",
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const qube = requireService(ctx, 'network');
    const interfaces = await relayed(() => ctx.relay.call(qube, QTUI_NETWORK, 'Interfaces', [], decodeInterfaces));
    const text = interfaces
      .map((i) => `${sanitizeText(i.name, 15).padEnd(16)}${sanitizeText(i.kind).padEnd(10)}${sanitizeText(i.state, 16).padEnd(16)}${i.addresses.map((a) => sanitizeText(a, 64)).join(' ')}  rx ${i.rxBytes} tx ${i.txBytes}\n`)
      .join('');
    // bigint counters as decimal strings: JSON has no 64-bit integers.
    return formatted(args, { qube, interfaces: interfaces.map((i) => ({ ...i, rxBytes: String(i.rxBytes), txBytes: String(i.txBytes) })) }, text);
  },
};

export const netWifiListCommand: CommandSpec<RelayContext> = {
  name: 'net-wifi-list',
  summary: 'Wi-Fi networks sys-net sees',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const qube = requireService(ctx, 'network');
    const wifi = await relayed(() => ctx.relay.call(qube, QTUI_NETWORK, 'WifiNetworks', [], decodeWifi));
    const head = wifi.simulated ? '(simulated networks)\n' : '';
    const text = head + wifi.networks.map((w) => `${sanitizeText(w.ssid, 32).padEnd(34)}${String(w.signal).padStart(3)}%  ${sanitizeText(w.security, 16)}\n`).join('');
    return formatted(args, { qube, ...wifi }, text);
  },
};

export const netConnectCommand: CommandSpec<RelayContext> = {
  name: 'net-connect',
  summary: 'join a Wi-Fi network from sys-net',
  role: 'operator',
  mutating: true,
  args: [{ name: 'ssid', help: 'the network', type: 'string', required: true }],
  options: [],
  handler: (ctx, args) => {
    const qube = requireService(ctx, 'network');
    const ssid = str(args, 'ssid') ?? '';
    // org.qtui.Network1 has no Connect method yet; say so rather than pretend.
    return Promise.reject(new CommandError(`${qube}: cannot connect to ${JSON.stringify(sanitizeText(ssid, 32))}: the network agent offers no Connect method yet`, 1, 'failed'));
  },
};

export const netCommands = [netStatusCommand, netWifiListCommand, netConnectCommand];
