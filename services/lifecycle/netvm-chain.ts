/**
 * The order qubes start and stop in: a qube's network comes from its netvm,
 * so the chain starts upstream first (sys-net, then sys-firewall, then the
 * qube) and stops downstream first.
 */
import type { QubeFacts } from './lifecycle-ports.js';

type Lookup = (name: string) => QubeFacts | undefined;

/** The qube and every netvm it needs, upstream first. A loop is reported, never followed forever. */
export function startOrder(name: string, lookup: Lookup): string[] {
  const chain: string[] = [];
  let cur: string | null = name;
  while (cur !== null) {
    if (chain.includes(cur)) throw new Error(`netvm loop: ${[...chain, cur].join(' -> ')}`);
    const q = lookup(cur);
    if (!q) throw new Error(chain.length === 0 ? `no qube named ${cur}` : `${chain[chain.length - 1]} has netvm ${cur}, which does not exist`);
    if (q.klass === 'AdminVM') break;
    chain.push(cur);
    cur = q.netvm;
  }
  return chain.reverse();
}

/**
 * Running qubes that use `name` as netvm, directly or through others, in the
 * order they must stop: the farthest downstream first.
 */
export function runningDependents(name: string, all: readonly QubeFacts[], running: (n: string) => boolean): string[] {
  const order: string[] = [];
  const seen = new Set<string>([name]);
  const visit = (upstream: string): void => {
    for (const q of all) {
      if (q.netvm !== upstream || seen.has(q.name) || !running(q.name)) continue;
      seen.add(q.name);
      visit(q.name);
      order.push(q.name);
    }
  };
  visit(name);
  return order;
}
