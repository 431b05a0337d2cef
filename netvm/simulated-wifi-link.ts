/**
 * Wi-Fi on the simulated sys-net: the made-up networks of simulated-wifi.ts,
 * joined in memory. Every answer is marked simulated. The passphrases of
 * the secured ones are written here, in the open, since nothing is behind
 * them: they let a test (or a curious user) see a right and a wrong one.
 */
import { DBusError } from 'dbus-next';
import { QTUI_ERRORS, type WifiNetwork } from '../services/dbus-protocol/index.js';
import { SIMULATED_WIFI } from './simulated-wifi.js';
import { checkConnectArgs, unknownNetwork, type WifiLink } from './wifi-link.js';

export const SIMULATED_PASSPHRASES: Readonly<Record<string, string>> = {
  'qtui-sim-home': 'qtui-sim-home-pass',
  'qtui-sim-office': 'qtui-sim-office-pass',
};

export class SimulatedWifiLink implements WifiLink {
  private joined = '';

  networks(): Promise<{ simulated: boolean; networks: WifiNetwork[] }> {
    return Promise.resolve({ simulated: true, networks: [...SIMULATED_WIFI] });
  }

  connection(): Promise<{ simulated: boolean; ssid: string }> {
    return Promise.resolve({ simulated: true, ssid: this.joined });
  }

  connect(ssid: string, passphrase: string): Promise<void> {
    checkConnectArgs(ssid, passphrase);
    const network = SIMULATED_WIFI.find((w) => w.ssid === ssid);
    if (!network) throw unknownNetwork(ssid);
    const expected = SIMULATED_PASSPHRASES[ssid] ?? '';
    if (passphrase !== expected) {
      throw new DBusError(QTUI_ERRORS.AuthFailed, expected === '' ? `${ssid} is open: it takes no passphrase` : `${ssid} refused the passphrase`);
    }
    this.joined = ssid;
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.joined = '';
    return Promise.resolve();
  }
}
