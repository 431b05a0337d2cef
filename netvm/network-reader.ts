/**
 * sys-net's view of its network, read-only: interfaces from sysfs with
 * their addresses from `ip -j addr`, and routes from `ip -j route` (both
 * families). `ip` runs with an argument array and a timeout; a failure
 * yields no addresses or routes rather than an error, since the interfaces
 * alone are still worth showing.
 */
import { execFile } from 'node:child_process';
import { NETWORK_LIMITS, type NetInterface, type NetRoute } from '../services/dbus-protocol/index.js';
import { parseIpAddr, parseIpRoute } from './ip-json.js';
import { readSysfsInterfaces, SYSFS_NET } from './sysfs-net.js';

const IP_TIMEOUT_MS = 5_000;

export interface NetworkReaderOptions {
  sysfsRoot?: string;
  /** The iproute2 program; a parameter so the simulated host can substitute its own. */
  ip?: string;
}

function runIp(ip: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(ip, [...args], { timeout: IP_TIMEOUT_MS, maxBuffer: 4 << 20 }, (err, stdout) => resolve(err ? '' : stdout));
  });
}

export class NetworkReader {
  private readonly sysfsRoot: string;
  private readonly ip: string;

  constructor(options: NetworkReaderOptions = {}) {
    this.sysfsRoot = options.sysfsRoot ?? SYSFS_NET;
    this.ip = options.ip ?? 'ip';
  }

  async interfaces(): Promise<NetInterface[]> {
    const addrs = parseIpAddr(await runIp(this.ip, ['-j', 'addr', 'show']));
    return readSysfsInterfaces(this.sysfsRoot, NETWORK_LIMITS.interfaces).map((i) => ({
      ...i,
      addresses: (addrs.get(i.name) ?? []).filter((a) => a.length <= NETWORK_LIMITS.text).slice(0, NETWORK_LIMITS.addressesPerInterface),
    }));
  }

  async routes(): Promise<NetRoute[]> {
    const [v4, v6] = await Promise.all([runIp(this.ip, ['-j', 'route', 'show']), runIp(this.ip, ['-j', '-6', 'route', 'show'])]);
    return [...parseIpRoute(v4, 4), ...parseIpRoute(v6, 6)]
      .filter((r) => r.destination.length <= NETWORK_LIMITS.text && r.gateway.length <= NETWORK_LIMITS.text && r.device.length <= NETWORK_LIMITS.interfaceName)
      .slice(0, NETWORK_LIMITS.routes);
  }
}
