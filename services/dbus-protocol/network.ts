/**
 * org.qtui.Network1, served by sys-net's agent:
 * - Interfaces() → every network interface: name, kind, operational state,
 *   MAC address, MTU, addresses (CIDR text), received and sent bytes;
 * - Routes() → the IPv4 and IPv6 routing tables;
 * - WifiNetworks() → (simulated, networks): `simulated` is true when the
 *   list is made up (the simulated host), so dom0 must say so when drawing;
 *   an agent that cannot scan answers QTUI_ERRORS.NotSupported;
 * - Connect(ssid, passphrase) joins a Wi-Fi network ('' for an open one):
 *   UnknownNetwork when no such network is in range, AuthFailed when the
 *   passphrase is refused; Disconnect() leaves it;
 * - WifiConnection() → (simulated, ssid): the network joined, '' for none;
 * - InterfacesChanged(interfaces) when an interface appears, disappears, or
 *   changes state, addresses, MAC or MTU (not on traffic alone).
 */
import type { InterfaceSpec } from './interface-spec.js';

export type InterfaceKind = 'loopback' | 'ethernet' | 'wireless' | 'bridge' | 'virtual' | 'other';
export const INTERFACE_KINDS: readonly InterfaceKind[] = ['loopback', 'ethernet', 'wireless', 'bridge', 'virtual', 'other'];

export interface NetInterface {
  name: string;
  kind: InterfaceKind;
  /** The kernel's operstate: up, down, unknown, dormant, lowerlayerdown, notpresent, testing. */
  state: string;
  mac: string;
  mtu: number;
  /** `ADDRESS/PREFIX`, IPv4 and IPv6. */
  addresses: string[];
  rxBytes: bigint;
  txBytes: bigint;
}

export interface NetRoute {
  family: 4 | 6;
  /** `default` or a CIDR network. */
  destination: string;
  /** '' when the destination is on the link. */
  gateway: string;
  device: string;
  metric: number;
}

export interface WifiNetwork {
  ssid: string;
  bssid: string;
  /** Signal quality 0-100. */
  signal: number;
  /** e.g. `WPA2`, `WPA3`, `open`. */
  security: string;
}

export const NET_INTERFACE_SIGNATURE = '(ssssuastt)';
export const NET_ROUTE_SIGNATURE = '(ysssu)';
export const WIFI_NETWORK_SIGNATURE = '(ssys)';

export type NetInterfaceWire = [string, string, string, string, number, string[], bigint, bigint];
export type NetRouteWire = [number, string, string, string, number];
export type WifiNetworkWire = [string, string, number, string];

export const NETWORK_LIMITS = {
  interfaces: 256,
  addressesPerInterface: 64,
  routes: 1024,
  wifiNetworks: 128,
  /** Interface names are at most 15 bytes (IFNAMSIZ - 1). */
  interfaceName: 15,
  /** Every other text field: states, MACs, CIDRs, security names. */
  text: 64,
  /** An SSID is up to 32 bytes; as text it may need up to 32 code points. */
  ssid: 32,
} as const;

/**
 * A WPA passphrase: 8-63 printable ASCII characters, or 64 hex digits (the
 * key itself); '' joins an open network.
 */
export function isWifiPassphrase(v: unknown): v is string {
  return typeof v === 'string' && (v === '' || /^[\x20-\x7e]{8,63}$/.test(v) || /^[0-9a-fA-F]{64}$/.test(v));
}

export function isSsid(v: unknown): v is string {
  return typeof v === 'string' && v !== '' && Buffer.byteLength(v) <= 32 && PRINTABLE_RE.test(v);
}

export const QTUI_NETWORK = {
  busName: 'org.qtui.Network1',
  objectPath: '/org/qtui/Network1',
  spec: {
    name: 'org.qtui.Network1',
    methods: {
      Interfaces: { in: '', out: `a${NET_INTERFACE_SIGNATURE}` },
      Routes: { in: '', out: `a${NET_ROUTE_SIGNATURE}` },
      WifiNetworks: { in: '', out: `ba${WIFI_NETWORK_SIGNATURE}` },
      Connect: { in: 'ss', out: '' },
      Disconnect: { in: '', out: '' },
      WifiConnection: { in: '', out: 'bs' },
    },
    signals: {
      InterfacesChanged: `a${NET_INTERFACE_SIGNATURE}`,
    },
  },
} as const satisfies { busName: string; objectPath: string; spec: InterfaceSpec };

export function netInterfaceToWire(i: NetInterface): NetInterfaceWire {
  return [i.name, i.kind, i.state, i.mac, i.mtu, [...i.addresses], i.rxBytes, i.txBytes];
}

export function netRouteToWire(r: NetRoute): NetRouteWire {
  return [r.family, r.destination, r.gateway, r.device, r.metric];
}

export function wifiNetworkToWire(w: WifiNetwork): WifiNetworkWire {
  return [w.ssid, w.bssid, w.signal, w.security];
}

// Printable text only: what is received here is drawn in dom0.
const PRINTABLE_RE = /^[^\x00-\x1f\x7f-\x9f]*$/u;

function text(v: unknown, max: number): v is string {
  return typeof v === 'string' && [...v].length <= max && PRINTABLE_RE.test(v);
}

function u32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff;
}

function u64(v: unknown): v is bigint {
  return typeof v === 'bigint' && v >= 0n && v < 1n << 64n;
}

function struct(v: unknown, n: number): unknown[] | null {
  return Array.isArray(v) && v.length === n ? (v as unknown[]) : null;
}

/** Checks a received interface struct; returns it typed, or why it is refused. */
export function decodeNetInterface(v: unknown): NetInterface | string {
  const s = struct(v, 8);
  if (!s) return 'interface: not an 8-field struct';
  const [name, kind, state, mac, mtu, addresses, rx, tx] = s;
  if (!text(name, NETWORK_LIMITS.interfaceName) || name === '') return 'interface: bad name';
  if (!INTERFACE_KINDS.includes(kind as InterfaceKind)) return 'interface: bad kind';
  if (!text(state, NETWORK_LIMITS.text) || !text(mac, NETWORK_LIMITS.text)) return 'interface: bad state or MAC';
  if (!u32(mtu)) return 'interface: bad MTU';
  if (!Array.isArray(addresses) || addresses.length > NETWORK_LIMITS.addressesPerInterface || !addresses.every((a) => text(a, NETWORK_LIMITS.text))) {
    return 'interface: bad addresses';
  }
  if (!u64(rx) || !u64(tx)) return 'interface: bad counters';
  return { name, kind: kind as InterfaceKind, state, mac, mtu, addresses: addresses as string[], rxBytes: rx, txBytes: tx };
}

export function decodeNetRoute(v: unknown): NetRoute | string {
  const s = struct(v, 5);
  if (!s) return 'route: not a 5-field struct';
  const [family, destination, gateway, device, metric] = s;
  if (family !== 4 && family !== 6) return 'route: bad family';
  if (!text(destination, NETWORK_LIMITS.text) || destination === '' || !text(gateway, NETWORK_LIMITS.text)) return 'route: bad destination or gateway';
  if (!text(device, NETWORK_LIMITS.interfaceName) || !u32(metric)) return 'route: bad device or metric';
  return { family, destination, gateway, device, metric };
}

export function decodeWifiNetwork(v: unknown): WifiNetwork | string {
  const s = struct(v, 4);
  if (!s) return 'wifi network: not a 4-field struct';
  const [ssid, bssid, signal, security] = s;
  if (!text(ssid, NETWORK_LIMITS.ssid) || !text(bssid, NETWORK_LIMITS.text) || !text(security, NETWORK_LIMITS.text)) return 'wifi network: bad text';
  if (typeof signal !== 'number' || !Number.isInteger(signal) || signal < 0 || signal > 100) return 'wifi network: bad signal';
  return { ssid, bssid, signal, security };
}
