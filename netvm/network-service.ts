/**
 * org.qtui.Network1 (see services/dbus-protocol/network.ts): sys-net's
 * interfaces and routes, and InterfacesChanged when the set of interfaces
 * or their state, addresses, MAC or MTU change (the kernel offers no change
 * notification that needs no privileges or extra tools, so the service
 * polls and compares); Wi-Fi through a WifiLink.
 */
import { interface as dbusInterface, type MessageBus } from 'dbus-next';
import {
  dbusMembers,
  netInterfaceToWire,
  netRouteToWire,
  ownBusName,
  QTUI_NETWORK,
  wifiNetworkToWire,
  type NetInterface,
  type NetInterfaceWire,
  type NetRouteWire,
  type WifiNetworkWire,
} from '../services/dbus-protocol/index.js';
import { NetworkReader, type NetworkReaderOptions } from './network-reader.js';
import { NetworkManagerWifiLink } from './nm-wifi-link.js';
import { SimulatedWifiLink } from './simulated-wifi-link.js';
import type { WifiLink } from './wifi-link.js';

export type WifiSource = 'simulated' | 'none';

export interface NetworkServiceOptions extends NetworkReaderOptions {
  /**
   * 'simulated': the made-up networks, marked simulated; 'none': no
   * simulated list, so NetworkManager on the system bus where it runs
   * (NotSupported where it does not).
   */
  wifi: WifiSource;
  /** Overrides the Wi-Fi the `wifi` source picks (tests). */
  wifiLink?: WifiLink;
  pollMs?: number;
}

const DEFAULT_POLL_MS = 2_000;

class Network1Interface extends dbusInterface.Interface {
  constructor(
    private readonly reader: NetworkReader,
    private readonly wifi: WifiLink,
  ) {
    super(QTUI_NETWORK.spec.name);
  }

  async Interfaces(): Promise<NetInterfaceWire[]> {
    return (await this.reader.interfaces()).map(netInterfaceToWire);
  }

  async Routes(): Promise<NetRouteWire[]> {
    return (await this.reader.routes()).map(netRouteToWire);
  }

  async WifiNetworks(): Promise<[boolean, WifiNetworkWire[]]> {
    const { simulated, networks } = await this.wifi.networks();
    return [simulated, networks.map(wifiNetworkToWire)];
  }

  async Connect(ssid: string, passphrase: string): Promise<void> {
    await this.wifi.connect(ssid, passphrase);
  }

  async Disconnect(): Promise<void> {
    await this.wifi.disconnect();
  }

  async WifiConnection(): Promise<[boolean, string]> {
    const { simulated, ssid } = await this.wifi.connection();
    return [simulated, ssid];
  }

  InterfacesChanged(interfaces: NetInterfaceWire[]): NetInterfaceWire[] {
    return interfaces;
  }
}
Network1Interface.configureMembers(dbusMembers(QTUI_NETWORK.spec));

/** What InterfacesChanged is about: everything but the traffic counters. */
function fingerprint(list: readonly NetInterface[]): string {
  return JSON.stringify(list.map((i) => [i.name, i.kind, i.state, i.mac, i.mtu, i.addresses]));
}

export interface NetworkService {
  stop(): Promise<void>;
}

export async function startNetworkService(bus: MessageBus, options: NetworkServiceOptions): Promise<NetworkService> {
  const reader = new NetworkReader(options);
  const wifi = options.wifiLink ?? (options.wifi === 'simulated' ? new SimulatedWifiLink() : new NetworkManagerWifiLink());
  const iface = new Network1Interface(reader, wifi);
  bus.export(QTUI_NETWORK.objectPath, iface);
  try {
    await ownBusName(bus, QTUI_NETWORK.busName);
  } catch (e) {
    bus.unexport(QTUI_NETWORK.objectPath, iface);
    throw e;
  }

  let last = fingerprint(await reader.interfaces());
  let polling = false;
  const timer = setInterval(() => {
    // A slow `ip` must not pile up polls.
    if (polling) return;
    polling = true;
    reader
      .interfaces()
      .then((now) => {
        const print = fingerprint(now);
        if (print === last) return;
        last = print;
        iface.InterfacesChanged(now.map(netInterfaceToWire));
      })
      .finally(() => (polling = false));
  }, options.pollMs ?? DEFAULT_POLL_MS);

  return {
    async stop() {
      clearInterval(timer);
      bus.unexport(QTUI_NETWORK.objectPath, iface);
      await bus.releaseName(QTUI_NETWORK.busName);
    },
  };
}
