/**
 * dom0's copy of each qube's firewall rules (qvm-firewall text, one rule
 * per string), the one that counts: sys-firewall only holds what dom0 gave
 * it, and is given everything again whenever its link comes up.
 */
import { QTUI_FIREWALL } from '../dbus-protocol/index.js';
import { readJsonState, writeJsonState } from './json-state-file.js';
import { decodeRuleTexts } from './reply-decoders.js';
import type { ServiceRelay } from './service-relay.js';

export class FirewallRulesStore {
  private rules: Map<string, string[]>;

  constructor(private readonly path: string) {
    const parsed = readJsonState(path, {});
    this.rules = new Map();
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: not a table of firewall rules`);
    for (const [qube, list] of Object.entries(parsed)) {
      if (Array.isArray(list) && list.every((r) => typeof r === 'string')) this.rules.set(qube, list as string[]);
    }
  }

  /** The qube's rules; undefined when it has none set (not filtered). */
  get(qube: string): string[] | undefined {
    const list = this.rules.get(qube);
    return list ? [...list] : undefined;
  }

  qubes(): string[] {
    return [...this.rules.keys()];
  }

  /** Replaces the qube's rules; undefined removes them. */
  async set(qube: string, rules: readonly string[] | undefined): Promise<void> {
    if (rules === undefined) this.rules.delete(qube);
    else this.rules.set(qube, [...rules]);
    await writeJsonState(this.path, Object.fromEntries(this.rules));
  }
}

/**
 * Gives the firewall qube every qube's rules (call when its link comes up).
 * Returns the agent's warnings and the qubes whose rules it refused.
 */
export async function pushFirewallRules(
  relay: ServiceRelay,
  firewallQube: string,
  store: FirewallRulesStore,
  addresses: (qube: string) => { ip4: string; ip6: string },
): Promise<{ warnings: string[]; failed: string[] }> {
  const warnings: string[] = [];
  const failed: string[] = [];
  for (const qube of store.qubes()) {
    const { ip4, ip6 } = addresses(qube);
    try {
      warnings.push(...(await relay.call(firewallQube, QTUI_FIREWALL, 'SetRules', [qube, ip4, ip6, store.get(qube) ?? []], decodeRuleTexts)));
    } catch (e) {
      failed.push(`${qube}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { warnings, failed };
}
