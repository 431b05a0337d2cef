/** net status, net wifi-list, net connect/disconnect: sys-net's view and Wi-Fi, relayed from its agent. */
import { isSsid, isWifiPassphrase, QTUI_NETWORK } from '../../dbus-protocol/index.js';
import { decodeInterfaces, decodeNothing, decodeWifi, decodeWifiConnection } from '../../relay/reply-decoders.js';
import { relayed, requireService, type RelayContext } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { FORMAT_OPTION, formatted, str } from './command-helpers.js';

/** Joining a network takes NetworkManager a while (association, WPA handshake, DHCP). */
const CONNECT_TIMEOUT_MS = 60_000;

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
    // Where sys-net has no Wi-Fi to report (NotSupported), the interfaces alone are the status.
    const wifi = await ctx.relay.call(qube, QTUI_NETWORK, 'WifiConnection', [], decodeWifiConnection).catch(() => null);
    const text =
      interfaces
        .map((i) => `${sanitizeText(i.name, 15).padEnd(16)}${sanitizeText(i.kind).padEnd(10)}${sanitizeText(i.state, 16).padEnd(16)}${i.addresses.map((a) => sanitizeText(a, 64)).join(' ')}  rx ${i.rxBytes} tx ${i.txBytes}\n`)
        .join('') + (wifi ? `Wi-Fi: ${wifi.ssid === '' ? 'not connected' : sanitizeText(wifi.ssid, 32)}${wifi.simulated ? ' (simulated)' : ''}\n` : '');
    // bigint counters as decimal strings: JSON has no 64-bit integers.
    return formatted(args, { qube, interfaces: interfaces.map((i) => ({ ...i, rxBytes: String(i.rxBytes), txBytes: String(i.txBytes) })), wifi }, text);
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
  // Secret: the audit log and the events get the command without it.
  options: [{ name: 'passphrase', help: 'its WPA passphrase (none for an open network)', type: 'string', secret: true, metavar: 'TEXT' }, FORMAT_OPTION],
  handler: async (ctx, args) => {
    const qube = requireService(ctx, 'network');
    const ssid = str(args, 'ssid') ?? '';
    const passphrase = str(args, 'passphrase') ?? '';
    if (!isSsid(ssid)) throw new CommandError(`not an SSID (1-32 bytes of printable text): ${JSON.stringify(sanitizeText(ssid, 40))}`, 2, 'usage');
    if (!isWifiPassphrase(passphrase)) throw new CommandError('a passphrase is 8-63 printable ASCII characters or 64 hex digits', 2, 'usage');
    await relayed(() => ctx.relay.call(qube, QTUI_NETWORK, 'Connect', [ssid, passphrase], decodeNothing, { timeoutMs: CONNECT_TIMEOUT_MS }));
    const { simulated } = await relayed(() => ctx.relay.call(qube, QTUI_NETWORK, 'WifiConnection', [], decodeWifiConnection));
    const data = { qube, ssid, simulated };
    return formatted(args, data, `${qube} joined ${ssid}${simulated ? ' (a simulated network)' : ''}\n`);
  },
};

export const netDisconnectCommand: CommandSpec<RelayContext> = {
  name: 'net-disconnect',
  summary: 'leave the Wi-Fi network sys-net is on',
  role: 'operator',
  mutating: true,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const qube = requireService(ctx, 'network');
    await relayed(() => ctx.relay.call(qube, QTUI_NETWORK, 'Disconnect', [], decodeNothing));
    return formatted(args, { qube }, `${qube} left its Wi-Fi network\n`);
  },
};

export const netCommands = [netStatusCommand, netWifiListCommand, netConnectCommand, netDisconnectCommand];
