/**
 * sys-firewall's firewall: the rules of every downstream qube, compiled into
 * one nftables ruleset on every change and handed to nft. Compiles run one
 * at a time, in order; each resolves the rules' host names afresh (as Qubes
 * does when it applies rules) and, when a rule will expire, schedules the
 * compile that drops it.
 */
import { lookup } from 'node:dns/promises';
import { FIREWALL_LIMITS, isQubeName, type FirewallState } from '../services/dbus-protocol/index.js';
import { parseRule, type FirewallRule } from './firewall-rules.js';
import { ipFamily } from './ip-address.js';
import { compileFirewall, nextExpiry, type DownstreamQube } from './nft-compiler.js';
import { runNft, type NftMode } from './nft-runner.js';

export type Resolver = (host: string) => Promise<string[]>;

export interface FirewallEngineOptions {
  nft: NftMode;
  /** Where specialtarget=dns points. */
  dnsServers: readonly string[];
  resolve?: Resolver;
  /** Seconds since the epoch. */
  now?: () => number;
  onCompiled?: (state: FirewallState, message: string) => void;
}

export class FirewallRuleError extends Error {}

const RESOLVE_TIMEOUT_MS = 5_000;
const MAX_TIMER_MS = 0x7fff_ffff;

/** The system resolver (what the qube's programs get), bounded in time. */
export const systemResolver: Resolver = async (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), RESOLVE_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    return found.map((a) => a.address);
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
};

export class FirewallEngine {
  private readonly qubes = new Map<string, DownstreamQube>();
  private queue: Promise<unknown> = Promise.resolve();
  private expiryTimer: NodeJS.Timeout | undefined;
  private ruleset = '';
  private state: FirewallState = 'compiled';
  private message = 'no rules yet';
  private readonly resolve: Resolver;
  private readonly now: () => number;

  constructor(private readonly options: FirewallEngineOptions) {
    this.resolve = options.resolve ?? systemResolver;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Replaces a qube's rules (text, one rule each) and recompiles; resolves with warnings about that qube. */
  setRules(name: string, ip4: string, ip6: string, ruleTexts: readonly string[]): Promise<string[]> {
    if (!isQubeName(name) || name === 'dom0') throw new FirewallRuleError(`not a downstream qube name: ${JSON.stringify(name.slice(0, 40))}`);
    if (!this.qubes.has(name) && this.qubes.size >= FIREWALL_LIMITS.qubes) throw new FirewallRuleError(`more than ${FIREWALL_LIMITS.qubes} qubes`);
    if (ruleTexts.length > FIREWALL_LIMITS.rulesPerQube) throw new FirewallRuleError(`more than ${FIREWALL_LIMITS.rulesPerQube} rules`);
    const now = this.now();
    const rules: FirewallRule[] = ruleTexts.map((text, i) => {
      if (text.length > FIREWALL_LIMITS.ruleText) throw new FirewallRuleError(`rule ${i + 1} is longer than ${FIREWALL_LIMITS.ruleText} characters`);
      const r = parseRule(text, now);
      if (!r.ok) throw new FirewallRuleError(`rule ${i + 1}: ${r.error}`);
      return r.rule;
    });
    const qube: DownstreamQube = { name, rules };
    if (ip4 !== '') qube.ip4 = ip4;
    if (ip6 !== '') qube.ip6 = ip6;
    // Checked here so a bad address is the caller's error, not a failed compile for every qube.
    if (ip4 !== '' && ipFamily(ip4) !== 4) throw new FirewallRuleError(`${JSON.stringify(ip4)} is not an IPv4 address`);
    if (ip6 !== '' && ipFamily(ip6) !== 6) throw new FirewallRuleError(`${JSON.stringify(ip6)} is not an IPv6 address`);
    if (ip4 === '' && ip6 === '') throw new FirewallRuleError(`qube ${name} needs an address`);
    this.qubes.set(name, qube);
    return this.recompile().then((warnings) => warnings.filter((w) => w.startsWith(`${name}: `)));
  }

  removeQube(name: string): Promise<void> {
    if (!this.qubes.delete(name)) return Promise.resolve();
    return this.recompile().then(() => undefined);
  }

  rules(name: string): FirewallRule[] | undefined {
    return this.qubes.get(name)?.rules.slice();
  }

  qubeNames(): string[] {
    return [...this.qubes.keys()].sort();
  }

  currentRuleset(): string {
    return this.ruleset;
  }

  currentState(): [FirewallState, string] {
    return [this.state, this.message];
  }

  /** Waits for every compile asked for so far. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  dispose(): void {
    clearTimeout(this.expiryTimer);
  }

  private recompile(): Promise<string[]> {
    const run = this.queue.then(() => this.compileNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async compileNow(): Promise<string[]> {
    const qubes = [...this.qubes.values()];
    const hosts = new Set(qubes.flatMap((q) => q.rules.flatMap((r) => (r.dsthost?.kind === 'hostname' ? [r.dsthost.name] : []))));
    const resolved = new Map<string, string[]>();
    await Promise.all([...hosts].map(async (h) => resolved.set(h, (await this.resolve(h)).filter((a) => ipFamily(a) !== 0))));
    const now = this.now();
    const { ruleset, warnings } = compileFirewall({ qubes, dnsServers: this.options.dnsServers, resolved, now });
    const outcome = await runNft(this.options.nft, ruleset);
    this.ruleset = ruleset;
    this.state = outcome.state;
    this.message = [outcome.message, ...warnings].filter((m) => m !== '').join('\n').slice(0, FIREWALL_LIMITS.message);
    this.scheduleExpiry(qubes, now);
    this.options.onCompiled?.(this.state, this.message);
    return warnings;
  }

  private scheduleExpiry(qubes: readonly DownstreamQube[], now: number): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const next = nextExpiry(qubes, now);
    if (next === undefined) return;
    this.expiryTimer = setTimeout(() => void this.recompile(), Math.min((next - now) * 1000, MAX_TIMER_MS));
  }
}
