/**
 * The Wi-Fi networks the simulated sys-net "sees". Made up (the SSIDs say
 * so), and always reported with simulated=true so dom0 marks them.
 */
import type { WifiNetwork } from '../services/dbus-protocol/index.js';

export const SIMULATED_WIFI: readonly WifiNetwork[] = [
  { ssid: 'qtui-sim-home', bssid: '02:00:00:00:01:01', signal: 82, security: 'WPA2' },
  { ssid: 'qtui-sim-cafe', bssid: '02:00:00:00:01:02', signal: 47, security: 'open' },
  { ssid: 'qtui-sim-office', bssid: '02:00:00:00:01:03', signal: 30, security: 'WPA3' },
];
