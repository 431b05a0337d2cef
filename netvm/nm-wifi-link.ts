/**
 * Wi-Fi through NetworkManager's own D-Bus API (org.freedesktop.NetworkManager
 * on the system bus), where sys-net runs it: the access points of the first
 * Wi-Fi device, AddAndActivateConnection with a WPA-PSK profile, the
 * device's Disconnect, and its ActiveAccessPoint for what is joined. Where
 * no NetworkManager answers, every call is NotSupported, saying why.
 */
import { DBusError, Variant, type ClientInterface, type MessageBus } from 'dbus-next';
import { NETWORK_LIMITS, QTUI_ERRORS, type WifiNetwork } from '../services/dbus-protocol/index.js';
import { connectBus } from '../services/dbus-protocol/index.js';
import { checkConnectArgs, unknownNetwork, type WifiLink } from './wifi-link.js';

const NM = 'org.freedesktop.NetworkManager';
const NM_PATH = '/org/freedesktop/NetworkManager';
const DEVICE = `${NM}.Device`;
const WIRELESS = `${NM}.Device.Wireless`;
const ACCESS_POINT = `${NM}.AccessPoint`;
const ACTIVE = `${NM}.Connection.Active`;
const NM_DEVICE_TYPE_WIFI = 2;
const NM_ACTIVE_CONNECTION_STATE_ACTIVATED = 2;
const NM_ACTIVE_CONNECTION_STATE_DEACTIVATED = 4;
const NM_802_11_AP_FLAGS_PRIVACY = 1;
const ACTIVATION_TIMEOUT_MS = 45_000;
const ACTIVATION_POLL_MS = 500;

export const SYSTEM_BUS = 'unix:path=/run/dbus/system_bus_socket';

interface AccessPoint {
  path: string;
  network: WifiNetwork;
}

function notSupported(why: string): DBusError {
  return new DBusError(QTUI_ERRORS.NotSupported, `no NetworkManager to manage Wi-Fi: ${why}`);
}

function printable(s: string, max: number): string {
  return [...s.replace(/[\x00-\x1f\x7f-\x9f]/g, '')].slice(0, max).join('');
}

function security(flags: number, wpa: number, rsn: number): string {
  if (rsn !== 0) return 'WPA2';
  if (wpa !== 0) return 'WPA';
  return (flags & NM_802_11_AP_FLAGS_PRIVACY) !== 0 ? 'WEP' : 'open';
}

export class NetworkManagerWifiLink implements WifiLink {
  /** `address` of the system bus; DBUS_SYSTEM_BUS_ADDRESS or the standard socket by default. */
  constructor(private readonly address = process.env.DBUS_SYSTEM_BUS_ADDRESS ?? SYSTEM_BUS) {}

  async networks(): Promise<{ simulated: boolean; networks: WifiNetwork[] }> {
    return this.session(async (bus, device) => ({ simulated: false, networks: (await this.accessPoints(bus, device)).map((a) => a.network) }));
  }

  async connection(): Promise<{ simulated: boolean; ssid: string }> {
    return this.session(async (bus, device) => {
      const ap = await property<string>(bus, device, WIRELESS, 'ActiveAccessPoint');
      if (ap === '/') return { simulated: false, ssid: '' };
      return { simulated: false, ssid: printable(Buffer.from(await property<Buffer>(bus, ap, ACCESS_POINT, 'Ssid')).toString('utf8'), NETWORK_LIMITS.ssid) };
    });
  }

  async connect(ssid: string, passphrase: string): Promise<void> {
    checkConnectArgs(ssid, passphrase);
    await this.session(async (bus, device) => {
      const ap = (await this.accessPoints(bus, device)).find((a) => a.network.ssid === ssid);
      if (!ap) throw unknownNetwork(ssid);
      const settings: Record<string, Record<string, Variant>> = {
        connection: { id: new Variant('s', ssid), type: new Variant('s', '802-11-wireless') },
        '802-11-wireless': { ssid: new Variant('ay', Buffer.from(ssid, 'utf8')), mode: new Variant('s', 'infrastructure') },
      };
      if (passphrase !== '') settings['802-11-wireless-security'] = { 'key-mgmt': new Variant('s', 'wpa-psk'), psk: new Variant('s', passphrase) };
      const nm = await iface(bus, NM_PATH, NM);
      const [, active] = (await invoke(nm, 'AddAndActivateConnection', settings, device, ap.path)) as [string, string];
      await this.activated(bus, active, ssid);
    });
  }

  async disconnect(): Promise<void> {
    await this.session(async (bus, device) => {
      await invoke(await iface(bus, device, DEVICE), 'Disconnect');
    });
  }

  /** NetworkManager says no more than "deactivated" when WPA fails; a wrong passphrase is the usual cause. */
  private async activated(bus: MessageBus, active: string, ssid: string): Promise<void> {
    const deadline = Date.now() + ACTIVATION_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const state = await property<number>(bus, active, ACTIVE, 'State').catch(() => NM_ACTIVE_CONNECTION_STATE_DEACTIVATED);
      if (state === NM_ACTIVE_CONNECTION_STATE_ACTIVATED) return;
      if (state === NM_ACTIVE_CONNECTION_STATE_DEACTIVATED) throw new DBusError(QTUI_ERRORS.AuthFailed, `${ssid}: NetworkManager could not join it (a wrong passphrase?)`);
      await new Promise((r) => setTimeout(r, ACTIVATION_POLL_MS));
    }
    throw new DBusError(QTUI_ERRORS.AuthFailed, `${ssid}: not joined after ${ACTIVATION_TIMEOUT_MS / 1000} s`);
  }

  private async accessPoints(bus: MessageBus, device: string): Promise<AccessPoint[]> {
    const paths = (await invoke(await iface(bus, device, WIRELESS), 'GetAllAccessPoints')) as string[];
    const seen = new Map<string, AccessPoint>();
    for (const path of paths) {
      const ssid = printable(Buffer.from(await property<Buffer>(bus, path, ACCESS_POINT, 'Ssid')).toString('utf8'), NETWORK_LIMITS.ssid);
      if (ssid === '') continue; // hidden networks
      const network: WifiNetwork = {
        ssid,
        bssid: printable(await property<string>(bus, path, ACCESS_POINT, 'HwAddress'), NETWORK_LIMITS.text),
        signal: Math.min(100, await property<number>(bus, path, ACCESS_POINT, 'Strength')),
        security: security(await property<number>(bus, path, ACCESS_POINT, 'Flags'), await property<number>(bus, path, ACCESS_POINT, 'WpaFlags'), await property<number>(bus, path, ACCESS_POINT, 'RsnFlags')),
      };
      // One line per network: the strongest of its access points.
      const known = seen.get(ssid);
      if (!known || known.network.signal < network.signal) seen.set(ssid, { path, network });
    }
    return [...seen.values()].sort((a, b) => b.network.signal - a.network.signal).slice(0, NETWORK_LIMITS.wifiNetworks);
  }

  /** Runs `action` on a fresh system-bus connection with the first Wi-Fi device's path. */
  private async session<T>(action: (bus: MessageBus, device: string) => Promise<T>): Promise<T> {
    let bus: MessageBus;
    try {
      bus = await connectBus(this.address);
    } catch (e) {
      throw notSupported(`the system bus does not answer (${e instanceof Error ? e.message : String(e)})`);
    }
    try {
      let devices: string[];
      try {
        devices = (await invoke(await iface(bus, NM_PATH, NM), 'GetDevices')) as string[];
      } catch (e) {
        throw notSupported(e instanceof DBusError ? e.type : String(e));
      }
      for (const d of devices) {
        if ((await property<number>(bus, d, DEVICE, 'DeviceType')) === NM_DEVICE_TYPE_WIFI) return await action(bus, d);
      }
      throw notSupported('NetworkManager has no Wi-Fi device');
    } finally {
      bus.disconnect();
    }
  }
}

async function iface(bus: MessageBus, path: string, name: string): Promise<ClientInterface> {
  return (await bus.getProxyObject(NM, path)).getInterface(name);
}

async function property<T>(bus: MessageBus, path: string, name: string, prop: string): Promise<T> {
  const props = await iface(bus, path, 'org.freedesktop.DBus.Properties');
  return ((await invoke(props, 'Get', name, prop)) as Variant<T>).value;
}

/** dbus-next's proxies type their methods as possibly absent. */
async function invoke(i: ClientInterface, method: string, ...args: unknown[]): Promise<unknown> {
  const m = i[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
  if (typeof m !== 'function') throw notSupported(`NetworkManager has no method ${method}`);
  return m.apply(i, args);
}
