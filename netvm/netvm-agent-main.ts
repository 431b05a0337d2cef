/**
 * sys-net's agent: org.qtui.Network1 on the qube's bus.
 * Usage: netvm-agent [--bus ADDRESS] [--simulated-wifi]
 * (--simulated-wifi: the simulated host's made-up Wi-Fi list, marked so).
 */
import { runAgent } from '../services/dbus-protocol/index.js';
import { startNetworkService } from './network-service.js';

const argv = process.argv.slice(2);
await runAgent('netvm-agent', argv, async (bus) => [await startNetworkService(bus, { wifi: argv.includes('--simulated-wifi') ? 'simulated' : 'none' })]);
