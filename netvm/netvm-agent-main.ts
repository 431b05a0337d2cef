/**
 * The agent of sys-net and sys-firewall: org.qtui.Network1 and/or
 * org.qtui.Firewall1 on the qube's bus (options: netvm-agent-options.ts;
 * life cycle: runAgent).
 */
import { runAgent, type RunningService } from '../services/dbus-protocol/index.js';
import { startFirewallService } from './firewall-service.js';
import { startNetworkService } from './network-service.js';
import { parseNetvmAgentArgs } from './netvm-agent-options.js';
import { readNameservers } from './resolv-conf.js';

const PROGRAM = 'netvm-agent';
const argv = process.argv.slice(2);
const options = parseNetvmAgentArgs(argv);
if (typeof options === 'string') {
  process.stderr.write(`${PROGRAM}: ${options}\n`);
  process.exit(1);
}

await runAgent(PROGRAM, argv, async (bus) => {
  const services: RunningService[] = [];
  if (options.network) services.push(await startNetworkService(bus, { wifi: options.simulatedWifi ? 'simulated' : 'none' }));
  if (options.firewall) services.push(await startFirewallService(bus, { nft: options.nft, dnsServers: options.dns ?? readNameservers() }));
  return services;
});
