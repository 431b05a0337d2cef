/**
 * Tells when domains come and go. Xen announces it on xenstore's
 * `@introduceDomain` / `@releaseDomain` watches; each announcement triggers a
 * re-read of `xl list` (coalesced, one read in flight), and a change is
 * published with what was added and removed. When the watcher is missing or
 * dies, `xl list` is polled until it is back (restarts back off).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { Listeners } from './listeners.js';
import { XenstoreWatchSplitter } from './parsers/xenstore-watch-parser.js';
import { terminateGroup } from './process-group.js';
import type { DomainSummary } from './types.js';
import { XenError } from './xen-error.js';
import { locateXenTool } from './xen-tools.js';
import type { XlClient } from './xl-client.js';

export interface DomainsChange {
  /** Every domain, Domain-0 included. */
  domains: DomainSummary[];
  /** Domains (by domid) not in the previous list; every domain on the first read. */
  added: DomainSummary[];
  removed: DomainSummary[];
}

export interface DomainEventsOptions {
  client: Pick<XlClient, 'list'>;
  /** The xenstore-watch binary, null when it is not installed. Defaults to locateXenTool. */
  xenstoreWatchPath?: string | null;
  env?: NodeJS.ProcessEnv;
  /** How often `xl list` is polled while there is no watcher. */
  pollIntervalMs?: number;
  backoff?: BackoffOptions;
}

export type DomainEventsMode = 'stopped' | 'starting' | 'watching' | 'polling';

const WATCHES = ['@introduceDomain', '@releaseDomain'] as const;

/** How soon a list that still shows a domain shutting down or dying is read again. */
const SETTLE_MS = 250;

export class DomainEvents {
  private readonly client: Pick<XlClient, 'list'>;
  private readonly watchPath: string | null;
  private readonly env: NodeJS.ProcessEnv;
  private readonly pollIntervalMs: number;
  private readonly backoff: Backoff;
  private readonly changes = new Listeners<DomainsChange>();
  private readonly errors = new Listeners<XenError>();

  private state: DomainEventsMode = 'stopped';
  private watcher: ChildProcess | null = null;
  private pollTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private registrationTimer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | null = null;
  private rereadWanted = false;
  private last: DomainSummary[] | null = null;

  constructor(opts: DomainEventsOptions) {
    this.client = opts.client;
    this.env = opts.env ?? process.env;
    this.watchPath = opts.xenstoreWatchPath !== undefined ? opts.xenstoreWatchPath : locateXenTool('xenstore-watch', { env: this.env });
    this.pollIntervalMs = opts.pollIntervalMs ?? 2000;
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
  }

  /** Called with every change of the domain list, and with the first list after each start(). */
  onDomains(fn: (change: DomainsChange) => void): () => void {
    return this.changes.add(fn);
  }

  /** Called when `xl list` fails; it is tried again after the poll interval (or the next event). */
  onError(fn: (error: XenError) => void): () => void {
    return this.errors.add(fn);
  }

  get mode(): DomainEventsMode {
    return this.state;
  }

  /** The last list read, or null before the first read. */
  get domains(): DomainSummary[] | null {
    return this.last;
  }

  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    this.last = null;
    this.startWatcher();
  }

  /** Re-reads `xl list` soon; calls during a read are folded into one more read. */
  refresh(): void {
    if (this.state === 'stopped') return;
    if (this.reading) {
      this.rereadWanted = true;
      return;
    }
    this.reading = this.readUntilCurrent().finally(() => {
      this.reading = null;
    });
  }

  /** Ends the watcher's process group and every timer; waits for a read in flight. start() may follow. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.restartTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.settleTimer);
    clearTimeout(this.registrationTimer);
    this.stopPolling();
    const watcher = this.watcher;
    this.watcher = null;
    if (watcher?.pid !== undefined) await terminateGroup(watcher.pid);
    await this.reading;
  }

  private startWatcher(): void {
    if (this.watchPath === null) {
      this.startPolling();
      return;
    }
    const startedAt = Date.now();
    const child = spawn(this.watchPath, WATCHES, { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: this.env });
    this.watcher = child;
    // Each watch fires once when it is registered; after all have, no event can be missed.
    const unregistered = new Set<string>(WATCHES);
    // A watcher that cannot reach xenstored may say nothing at all: poll meanwhile.
    clearTimeout(this.registrationTimer);
    this.registrationTimer = setTimeout(() => {
      if (child === this.watcher && unregistered.size > 0) this.startPolling();
    }, this.pollIntervalMs);
    const splitter = new XenstoreWatchSplitter();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (child !== this.watcher) return;
      // A line that is not a path is ignored: whatever it was, the next read shows the truth.
      for (const path of splitter.push(chunk).paths) {
        if (unregistered.delete(path) && unregistered.size === 0) {
          this.state = 'watching';
          clearTimeout(this.registrationTimer);
          this.stopPolling();
        }
        // Also on registration: this read catches up with what happened while unwatched.
        if (unregistered.size === 0) this.refresh();
      }
    });
    let died = false;
    const onDeath = (): void => {
      if (died || child !== this.watcher) return;
      died = true;
      this.watcher = null;
      this.startPolling();
      this.restartTimer = setTimeout(() => this.startWatcher(), this.backoff.delayAfterRun(Date.now() - startedAt));
    };
    child.on('error', onDeath);
    child.on('exit', onDeath);
  }

  private startPolling(): void {
    if (this.state === 'stopped' || this.pollTimer) return;
    this.state = 'polling';
    this.refresh();
    this.pollTimer = setInterval(() => this.refresh(), this.pollIntervalMs);
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private async readUntilCurrent(): Promise<void> {
    do {
      this.rereadWanted = false;
      try {
        const domains = await this.client.list();
        if (this.state !== 'stopped') this.publish(domains);
        // @releaseDomain can fire while the dying domain is still listed, and no
        // event follows when it is gone: while one is on its way out, look again.
        if (this.state === 'watching' && domains.some((d) => d.state.dying || d.state.shutdown)) {
          clearTimeout(this.settleTimer);
          this.settleTimer = setTimeout(() => this.refresh(), SETTLE_MS);
        }
      } catch (e) {
        if (this.state === 'stopped') return;
        this.errors.emit(e instanceof XenError ? e : new XenError('failed', ['xl', 'list'], null, String(e)));
        // While watching, nothing else would ask again until the next event.
        if (this.state === 'watching') {
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.refresh(), this.pollIntervalMs);
        }
      }
    } while (this.rereadWanted && this.state !== 'stopped');
  }

  private publish(domains: DomainSummary[]): void {
    const previous = this.last;
    this.last = domains;
    if (previous !== null && sameDomains(previous, domains)) return;
    const before = new Set((previous ?? []).map((d) => d.domid));
    const after = new Set(domains.map((d) => d.domid));
    this.changes.emit({
      domains,
      added: domains.filter((d) => !before.has(d.domid)),
      removed: (previous ?? []).filter((d) => !after.has(d.domid)),
    });
  }
}

/** Equal for our purposes: same domains with the same name, state and size (CPU time always moves). */
function sameDomains(a: DomainSummary[], b: DomainSummary[]): boolean {
  const key = (list: DomainSummary[]): string =>
    list.map((d) => `${d.domid}\t${d.name}\t${d.stateText}\t${d.memoryMiB}\t${d.vcpus}`).join('\n');
  return key(a) === key(b);
}
