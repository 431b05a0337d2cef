/**
 * Parsers of iproute2's JSON output (`ip -j addr show`, `ip -j route show`,
 * `ip -j -6 route show`). The JSON is checked field by field: anything
 * missing or of the wrong type is skipped, never trusted.
 */
import type { NetRoute } from '../services/dbus-protocol/index.js';

function records(json: string): Record<string, unknown>[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  return Array.isArray(value) ? value.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Interface name → its addresses as `ADDRESS/PREFIX`, from `ip -j addr show`. */
export function parseIpAddr(json: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const link of records(json)) {
    const name = str(link.ifname);
    if (!name) continue;
    const addrs: string[] = [];
    for (const a of Array.isArray(link.addr_info) ? (link.addr_info as unknown[]) : []) {
      if (typeof a !== 'object' || a === null) continue;
      const { family, local, prefixlen } = a as Record<string, unknown>;
      if ((family === 'inet' || family === 'inet6') && typeof local === 'string' && typeof prefixlen === 'number') addrs.push(`${local}/${prefixlen}`);
    }
    out.set(name, addrs);
  }
  return out;
}

/** Routes from `ip -j route show` (family 4) or `ip -j -6 route show` (family 6). */
export function parseIpRoute(json: string, family: 4 | 6): NetRoute[] {
  const out: NetRoute[] = [];
  for (const r of records(json)) {
    const destination = str(r.dst);
    const device = str(r.dev);
    if (!destination || !device) continue;
    // Without a metric the kernel uses 0 for IPv4; ip prints none then.
    const metric = typeof r.metric === 'number' && Number.isInteger(r.metric) && r.metric >= 0 ? r.metric : 0;
    out.push({ family, destination, gateway: str(r.gateway) ?? '', device, metric });
  }
  return out;
}
