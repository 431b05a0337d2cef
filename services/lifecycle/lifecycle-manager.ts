/**
 * Starts and stops qubes the way Qubes does: the netvm chain first, memory
 * checked before `xl create`, dependents protected on shutdown, templates
 * snapshotted when they halt, disposables removed when they halt. Domain
 * state comes from xen-bridge's domain list (fed by xenstore watches), so a
 * qube that halts by itself is noticed like one we stopped.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DomainSummary } from '../../xen-bridge/types.js';
import type { XlConfig } from '../../xen-bridge/xl-cfg/xl-config.js';
import { CommandError } from '../commands/command-spec.js';
import type { EventBus } from '../daemon/event-bus.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { VolumePool } from '../storage/volume-pool.js';
import type { QubeDirectory, QubeFacts, XenControl } from './lifecycle-ports.js';
import { runningDependents, startOrder } from './netvm-chain.js';
import { buildXlConfig } from './xl-config-builder.js';

export type PowerState = 'Running' | 'Paused' | 'Halted' | 'Transient' | 'Crashed' | 'Dying';

export interface LifecycleOptions {
  xen: XenControl;
  qubes: QubeDirectory;
  pool: VolumePool;
  events: EventBus;
  /** Renders and validates an xl.cfg (xen-bridge's writer). */
  renderConfig: (cfg: XlConfig) => string;
  /** Where generated xl.cfg files go. */
  configDir: string;
  kernelsDir: string;
  /** Runs before `xl create` of a qube (the simulated host prepares a service qube's own boot files). */
  beforeCreate?: (q: QubeFacts) => Promise<void>;
  /** How long to wait for a created domain to appear, and for a shutdown. */
  startTimeoutMs?: number;
  shutdownTimeoutMs?: number;
}

export function powerState(d: DomainSummary | undefined): PowerState {
  if (!d) return 'Halted';
  if (d.state.dying) return 'Dying';
  if (d.state.crashed) return 'Crashed';
  if (d.state.paused) return 'Paused';
  if (d.state.shutdown) return 'Transient';
  return 'Running';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class LifecycleManager {
  private domains = new Map<string, DomainSummary>();
  /** Qubes halting because we asked, so their removal is not reported as unexpected. */
  private readonly stopping = new Set<string>();
  /** When each domain was first seen running; unknown for domains adopted at daemon start. */
  private readonly seenAt = new Map<string, number>();
  private observedOnce = false;
  /** Set by close(): the daemon is stopping, so no further qube is started and no wait for a domain goes on. */
  private closed = false;
  /** Starts under way, so two requests needing the same netvm build it once. */
  private readonly starting = new Map<string, Promise<void>>();

  constructor(private readonly o: LifecycleOptions) {}

  /** The latest domain list (from DomainEvents or a direct `xl list`): diffed into events and halt hooks. */
  observe(list: readonly DomainSummary[]): void {
    // Domain-0 is the admin qube, always running, and named dom0 in the registry.
    const next = new Map(list.filter((d) => d.domid !== 0).map((d) => [d.name, d]));
    for (const [name, d] of next) {
      const before = this.domains.get(name);
      if (!before && this.observedOnce) this.seenAt.set(name, Date.now());
      if (!before) this.o.events.publish('domain-start', { qube: name, domid: d.domid });
      else if (powerState(before) !== powerState(d)) this.o.events.publish('domain-state', { qube: name, state: powerState(d) });
    }
    const gone = [...this.domains.keys()].filter((n) => !next.has(n));
    this.domains = next;
    this.observedOnce = true;
    for (const n of gone) this.seenAt.delete(n);
    for (const name of gone) this.halted(name);
  }

  async refresh(): Promise<void> {
    this.observe(await this.o.xen.list());
  }

  /**
   * The daemon is stopping: autostart starts no further qube, and a start or
   * shutdown waiting for its domain gives up, rather than poll `xl list` on
   * for up to a minute and keep the stopped daemon's process alive.
   */
  close(): void {
    this.closed = true;
  }

  private stillOpen(what: string): void {
    if (this.closed) throw new CommandError(`the daemon stopped while ${what}`, 1, 'failed');
  }

  state(name: string): PowerState {
    const q = this.o.qubes.facts(name);
    if (q?.klass === 'AdminVM') return 'Running';
    return powerState(this.domains.get(name));
  }

  uptimeSec(name: string): number | null {
    const at = this.seenAt.get(name);
    return at === undefined ? null : Math.floor((Date.now() - at) / 1000);
  }

  domain(name: string): DomainSummary | undefined {
    return this.domains.get(name);
  }

  isRunning(name: string): boolean {
    const s = this.state(name);
    return s !== 'Halted' && s !== 'Dying';
  }

  private halted(name: string): void {
    const expected = this.stopping.delete(name);
    this.o.events.publish('domain-shutdown', { qube: name, expected });
    const q = this.o.qubes.facts(name);
    if (!q) return;
    this.afterHalt(q).catch((e: unknown) => {
      this.o.events.publish('error', { qube: name, message: `after ${name} halted: ${e instanceof Error ? e.message : String(e)}` });
    });
  }

  private async afterHalt(q: QubeFacts): Promise<void> {
    if (q.klass === 'TemplateVM') this.o.pool.snapshotRoot(q.name);
    if (q.klass === 'DispVM') {
      await this.o.qubes.remove(q.name);
      this.o.pool.remove(q.name);
      this.o.events.publish('qube-removed', { qube: q.name, reason: 'disposable halted' });
    }
  }

  private facts(name: string): QubeFacts {
    const q = this.o.qubes.facts(name);
    if (!q) throw new CommandError(`no qube named ${name}`, 1, 'not-found');
    return q;
  }

  /** Starts the qube and, first, every netvm of its chain that is not running. Returns the qubes it started. */
  async start(name: string): Promise<string[]> {
    const q = this.facts(name);
    if (q.klass === 'AdminVM') throw new CommandError(`${name} is the admin qube and always runs`, 1, 'conflict');
    let order: string[];
    try {
      order = startOrder(name, (n) => this.o.qubes.facts(n));
    } catch (e) {
      throw new CommandError(`cannot start ${name}: ${(e as Error).message}`, 1, 'conflict');
    }
    await this.refresh();
    if (this.state(name) === 'Paused') throw new CommandError(`${name} is paused; unpause it instead`, 1, 'conflict');
    if (this.isRunning(name)) throw new CommandError(`${name} is already running`, 1, 'conflict');
    const started: string[] = [];
    for (const n of order) {
      const pending = this.starting.get(n);
      if (pending) {
        await pending;
        continue;
      }
      if (this.isRunning(n)) continue;
      const p = this.startOne(this.facts(n)).finally(() => this.starting.delete(n));
      this.starting.set(n, p);
      await p;
      started.push(n);
    }
    return started;
  }

  private async startOne(q: QubeFacts): Promise<void> {
    const info = await this.o.xen.info();
    if (info.freeMemoryMiB < q.memory) {
      throw new CommandError(
        `not enough memory to start ${q.name}: it needs ${q.memory} MiB, the host has ${info.freeMemoryMiB} MiB free (${q.memory - info.freeMemoryMiB} MiB missing)`,
        1,
        'conflict',
      );
    }
    const template = q.klass === 'DispVM' ? this.o.qubes.facts(q.template ?? '')?.template ?? null : q.template;
    const disks = this.o.pool.disksForStart(q.name, q.klass, template);
    const text = this.o.renderConfig(buildXlConfig(q, disks, this.o.kernelsDir));
    mkdirSync(this.o.configDir, { recursive: true, mode: 0o700 });
    const cfgPath = join(this.o.configDir, `${q.name}.cfg`);
    await writeFileAtomic(cfgPath, text);
    await this.o.beforeCreate?.(q);
    await this.o.xen.create(cfgPath);
    const deadline = Date.now() + (this.o.startTimeoutMs ?? 60_000);
    for (;;) {
      await this.refresh();
      if (this.isRunning(q.name)) return;
      this.stillOpen(`waiting for ${q.name} to appear in xl list`);
      if (Date.now() > deadline) throw new CommandError(`${q.name} was created but did not appear in xl list`, 1, 'failed');
      await sleep(100);
    }
  }

  /**
   * Shuts down; a qube that is the netvm of running qubes is refused unless
   * `force`, which first shuts those down, farthest downstream first.
   */
  async shutdown(name: string, opts: { force?: boolean; wait?: boolean; timeoutMs?: number } = {}): Promise<string[]> {
    const q = this.facts(name);
    if (q.klass === 'AdminVM') throw new CommandError(`${name} is the admin qube; shut the host down instead`, 1, 'conflict');
    await this.refresh();
    if (!this.isRunning(name)) throw new CommandError(`${name} is not running`, 1, 'conflict');
    const dependents = runningDependents(name, this.o.qubes.all(), (n) => this.isRunning(n));
    if (dependents.length > 0 && !opts.force) {
      throw new CommandError(`${name} is the netvm of running qubes: ${dependents.join(', ')}; shut them down first, or use --force`, 1, 'conflict');
    }
    const order = [...dependents, name];
    for (const n of order) {
      // Dependents must be gone before their netvm goes, so they are always waited for.
      await this.shutdownOne(n, n !== name || opts.wait === true, opts.timeoutMs);
    }
    return order;
  }

  private async shutdownOne(name: string, wait: boolean, timeoutMs?: number): Promise<void> {
    this.stopping.add(name);
    if (this.state(name) === 'Paused') await this.o.xen.unpause(name);
    await this.o.xen.shutdown(name);
    if (!wait) return;
    const deadline = Date.now() + (timeoutMs ?? this.o.shutdownTimeoutMs ?? 60_000);
    for (;;) {
      await this.refresh();
      if (!this.isRunning(name)) return;
      this.stillOpen(`waiting for ${name} to halt`);
      if (Date.now() > deadline) {
        // As qvm-shutdown --wait: a qube that does not halt in time is killed.
        await this.o.xen.destroy(name);
        await this.refresh();
        this.o.events.publish('domain-killed', { qube: name, reason: 'shutdown timed out' });
        return;
      }
      await sleep(100);
    }
  }

  async kill(name: string): Promise<void> {
    this.facts(name);
    await this.refresh();
    if (!this.isRunning(name)) throw new CommandError(`${name} is not running`, 1, 'conflict');
    this.stopping.add(name);
    await this.o.xen.destroy(name);
    await this.refresh();
  }

  async pause(name: string): Promise<void> {
    this.facts(name);
    await this.refresh();
    if (this.state(name) !== 'Running') throw new CommandError(`${name} is ${this.state(name).toLowerCase()}, not running`, 1, 'conflict');
    await this.o.xen.pause(name);
    await this.refresh();
  }

  async unpause(name: string): Promise<void> {
    this.facts(name);
    await this.refresh();
    if (this.state(name) !== 'Paused') throw new CommandError(`${name} is not paused`, 1, 'conflict');
    await this.o.xen.unpause(name);
    await this.refresh();
  }

  async restart(name: string, opts: { timeoutMs?: number } = {}): Promise<void> {
    await this.shutdown(name, { wait: true, ...opts });
    await this.start(name);
  }

  /** A new disposable from `base` (or the global default), named dispN, started; removed when it halts. */
  async createDisposable(base: string | null): Promise<string> {
    if (!base) throw new CommandError('no disposable template given and default_dispvm is none', 1, 'conflict');
    const b = this.facts(base);
    if (!b.templateForDispvms) throw new CommandError(`${base} is not a disposable template (template_for_dispvms is false)`, 1, 'conflict');
    let n = 1;
    while (this.o.qubes.facts(`disp${n}`)) n++;
    const name = `disp${n}`;
    this.o.qubes.addDisposable(name, base);
    this.o.pool.createDisposable(name, base);
    try {
      await this.start(name);
    } catch (e) {
      await this.o.qubes.remove(name);
      this.o.pool.remove(name);
      throw e;
    }
    return name;
  }

  /** At daemon start: domains already running are adopted as they are, autostart qubes are started. */
  async autostart(): Promise<{ started: string[]; failed: { qube: string; message: string }[] }> {
    await this.refresh();
    const started: string[] = [];
    const failed: { qube: string; message: string }[] = [];
    for (const q of this.o.qubes.all()) {
      if (this.closed) break;
      if (!q.autostart || this.isRunning(q.name)) continue;
      try {
        started.push(...(await this.start(q.name)));
      } catch (e) {
        failed.push({ qube: q.name, message: e instanceof Error ? e.message : String(e) });
      }
    }
    return { started, failed };
  }
}
