/**
 * What org.qtui.Network1 needs of Wi-Fi, wherever it comes from: the
 * simulated networks (simulated-wifi-link.ts) or NetworkManager's own D-Bus
 * API on the system bus (nm-wifi-link.ts). Failures are DBusErrors with
 * QTUI_ERRORS names, which the service passes to its caller unchanged.
 */
import { DBusError } from 'dbus-next';
import { isSsid, isWifiPassphrase, QTUI_ERRORS, type WifiNetwork } from '../services/dbus-protocol/index.js';

export interface WifiLink {
  networks(): Promise<{ simulated: boolean; networks: WifiNetwork[] }>;
  /** The network joined ('' for none). */
  connection(): Promise<{ simulated: boolean; ssid: string }>;
  connect(ssid: string, passphrase: string): Promise<void>;
  disconnect(): Promise<void>;
}

/** Refuses what no Wi-Fi link should be handed; the passphrase itself is never quoted. */
export function checkConnectArgs(ssid: string, passphrase: string): void {
  if (!isSsid(ssid)) throw new DBusError(QTUI_ERRORS.InvalidArgs, 'an SSID is 1-32 bytes of printable text');
  if (!isWifiPassphrase(passphrase)) throw new DBusError(QTUI_ERRORS.InvalidArgs, 'a passphrase is 8-63 printable ASCII characters or 64 hex digits');
}

export function unknownNetwork(ssid: string): DBusError {
  return new DBusError(QTUI_ERRORS.UnknownNetwork, `no Wi-Fi network named ${JSON.stringify(ssid)} is in range`);
}
