/**
 * Reply bodies of the relayed methods, checked field by field with the
 * protocol's decoders: a body is accepted whole or refused whole.
 */
import {
  CLIPBOARD_MAX_BYTES,
  decodeNetInterface,
  decodeNotificationEntry,
  decodeUsbBlockDevice,
  decodeUsbDevice,
  decodeWifiNetwork,
  FIREWALL_LIMITS,
  FIREWALL_STATES,
  isSsid,
  NETWORK_LIMITS,
  NOTIFICATION_LIMITS,
  USB_LIMITS,
  type FirewallState,
  type NetInterface,
  type NotificationEntry,
  type UsbBlockDevice,
  type UsbDevice,
  type WifiNetwork,
} from '../dbus-protocol/index.js';
import type { BodyDecoder } from './service-relay.js';

/** A list reply (one array argument), each item checked by `item`, at most `max` items. */
function listOf<T>(what: string, max: number, item: (v: unknown) => T | string): BodyDecoder<T[]> {
  return (body) => {
    const [list] = body;
    if (body.length !== 1 || !Array.isArray(list)) return `${what}: not a list`;
    if (list.length > max) return `${what}: ${list.length} items, at most ${max} allowed`;
    const out: T[] = [];
    for (const v of list as unknown[]) {
      const d = item(v);
      if (typeof d === 'string') return d;
      out.push(d);
    }
    return out;
  };
}

function boundedText(max: number): (v: unknown) => string | { text: string } {
  return (v) => (typeof v === 'string' && [...v].length <= max ? { text: v } : `text over ${max} characters`);
}

export const decodeInterfaces = listOf<NetInterface>('interfaces', NETWORK_LIMITS.interfaces, decodeNetInterface);

export const decodeWifi: BodyDecoder<{ simulated: boolean; networks: WifiNetwork[] }> = (body) => {
  const [simulated, ...rest] = body;
  if (typeof simulated !== 'boolean') return 'wifi: no simulated flag';
  const networks = listOf('wifi networks', NETWORK_LIMITS.wifiNetworks, decodeWifiNetwork)(rest);
  return typeof networks === 'string' ? networks : { simulated, networks };
};

/** WifiConnection: (simulated, ssid), '' for none. */
export const decodeWifiConnection: BodyDecoder<{ simulated: boolean; ssid: string }> = (body) => {
  const [simulated, ssid] = body;
  if (body.length !== 2 || typeof simulated !== 'boolean') return 'wifi connection: no simulated flag';
  if (ssid !== '' && !isSsid(ssid)) return 'wifi connection: bad SSID';
  return { simulated, ssid: ssid as string };
};

export const decodeNotifications = listOf<NotificationEntry>('notifications', NOTIFICATION_LIMITS.history, decodeNotificationEntry);

export const decodeUsbDevices = listOf<UsbDevice>('usb devices', USB_LIMITS.devices, decodeUsbDevice);

export const decodeUsbBlockDevices = listOf<UsbBlockDevice>('usb block devices', USB_LIMITS.blockDevices, decodeUsbBlockDevice);

const ruleText = boundedText(FIREWALL_LIMITS.ruleText);
/** Rule texts (GetRules) and warnings (SetRules). */
export const decodeRuleTexts: BodyDecoder<string[]> = (body) => {
  const list = listOf('rules', FIREWALL_LIMITS.rulesPerQube, ruleText)(body);
  return typeof list === 'string' ? list : list.map((r) => r.text);
};

export const decodeFirewallState: BodyDecoder<{ state: FirewallState; message: string }> = (body) => {
  const [state, message] = body;
  if (body.length !== 2 || !FIREWALL_STATES.includes(state as FirewallState)) return 'firewall state: unknown state';
  if (typeof message !== 'string' || [...message].length > FIREWALL_LIMITS.message) return 'firewall state: bad message';
  return { state: state as FirewallState, message };
};

/** A method with no reply arguments. */
export const decodeNothing: BodyDecoder<null> = (body) => (body.length === 0 ? null : 'expected an empty reply');

export const decodeClipboardState: BodyDecoder<{ source: string; size: number }> = (body) => {
  const [source, size] = body;
  if (typeof source !== 'string' || source.length > 31 || typeof size !== 'number' || size < 0 || size > CLIPBOARD_MAX_BYTES) return 'clipboard state: bad fields';
  return { source, size };
};

export const decodeClipboardPaste: BodyDecoder<{ source: string; data: Buffer }> = (body) => {
  const [source, data] = body;
  if (typeof source !== 'string' || source.length > 31 || !Buffer.isBuffer(data) || data.length > CLIPBOARD_MAX_BYTES) return 'clipboard paste: bad fields';
  return { source, data };
};
