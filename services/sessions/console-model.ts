/**
 * What one attached client's console sees of the daemon (tui/console-api.ts):
 * a snapshot of every qube built from the registry, the lifecycle's domain
 * states and the live stats, refreshed when the event bus or the stats say
 * something changed, and commands run with this client's own role.
 */
import { hostname } from 'node:os';
import type { CommandOutcome, ConsoleApi, ConsoleNotice, ConsoleSnapshot, HostView, QubeRowView } from '../../tui/console-api.js';
import type { Caller, CommandResult } from '../commands/command-spec.js';
import type { RunPurpose } from '../commands/command-table.js';
import type { DaemonContext } from '../daemon/daemon-context.js';
import type { LiveStats } from './live-stats.js';
import { ClipboardState } from './clipboard-state.js';
import { WorkspaceClient } from './workspace-client.js';
import type { WorkspaceStore } from './workspace-store.js';
import { DEFAULT_PREFIX, type PrefixKey } from '../../tui/prefix-keys.js';

const MAX_NOTICES = 50;
/** Text that came from elsewhere (command output, event fields) is bounded before it is drawn. */
const MAX_NOTICE_CHARS = 300;

export interface ConsoleModelDeps {
  ctx: DaemonContext;
  stats: LiveStats;
  run: (argv: readonly string[], caller: Caller, purpose?: RunPurpose) => Promise<CommandResult>;
  caller: Caller;
  session: string;
  onDetach: () => void;
  /** The daemon's workspaces, shared by every client. */
  workspaces?: WorkspaceStore;
  prefix?: PrefixKey;
}

/** `--format json` or `--format=json`, as the argv parser reads it. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Strips control characters so nothing a qube said can steer the client's terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').slice(0, MAX_NOTICE_CHARS);
}

export class ConsoleModel implements ConsoleApi {
  private cached: ConsoleSnapshot | null = null;
  private host: HostView = { hostname: hostname(), totalMemMiB: 0, freeMemMiB: 0, backend: 'sim' };
  private readonly notices: ConsoleNotice[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribes: (() => void)[] = [];
  readonly workspaces?: WorkspaceClient;
  private readonly clipboard: ClipboardState;

  constructor(private readonly d: ConsoleModelDeps) {
    const notify = (text: string, level: ConsoleNotice['level']): void => {
      this.notice(printable(text), level);
      this.changed();
    };
    if (d.workspaces) this.workspaces = new WorkspaceClient(d.workspaces, d.prefix ?? DEFAULT_PREFIX, { run: (argv) => d.run(argv, d.caller), notify });
    this.clipboard = new ClipboardState(d.ctx, () => this.changed());
    this.host.backend = d.ctx.host;
    this.unsubscribes.push(
      d.ctx.events.subscribe((e) => {
        if (e.type === 'domain-start' || e.type === 'domain-shutdown') void this.refreshHost();
        if (e.type === 'error' || e.type === 'autostart-failed') this.notice(printable(`${e.qube ?? ''} ${String(e.message ?? e.type)}`.trim()), 'error');
        this.changed();
      }),
      d.stats.onChange(() => this.changed()),
    );
    void this.refreshHost();
  }

  private async refreshHost(): Promise<void> {
    try {
      const info = await this.d.ctx.xl.info();
      this.host = { ...this.host, totalMemMiB: info.totalMemoryMiB, freeMemMiB: info.freeMemoryMiB };
      this.changed();
    } catch {
      // The status line keeps the last figures; the error reaches the events view.
    }
  }

  private notice(text: string, level: ConsoleNotice['level']): void {
    this.notices.push({ time: new Date().toISOString(), text, level });
    if (this.notices.length > MAX_NOTICES) this.notices.shift();
  }

  private changed(): void {
    this.cached = null;
    for (const l of [...this.listeners]) l();
  }

  private rows(): QubeRowView[] {
    const { registry, lifecycle } = this.d.ctx;
    return registry.list().map((q) => {
      const has = new Set(registry.propertyNames(q.name));
      const p = (name: string): unknown => (has.has(name) ? registry.getProperty(q.name, name).value : null);
      const state = lifecycle.state(q.name);
      const stats = this.d.stats.get(q.klass === 'AdminVM' ? 'Domain-0' : q.name);
      const domain = lifecycle.domain(q.name);
      return {
        name: q.name,
        state,
        klass: q.klass,
        label: str(p('label')) ?? 'black',
        template: str(p('template')),
        netvm: str(p('netvm')),
        memMiB: stats?.memMiB ?? domain?.memoryMiB ?? 0,
        cpuPercent: stats ? stats.cpuPercent : null,
        cpuHistory: stats?.cpuHistory ?? [],
        history: stats?.history,
        vcpus: domain?.vcpus ?? (typeof p('vcpus') === 'number' ? (p('vcpus') as number) : 0),
        uptimeSec: lifecycle.uptimeSec(q.name),
        ip: str(p('ip')),
      };
    });
  }

  snapshot(): ConsoleSnapshot {
    this.cached ??= {
      qubes: this.rows(),
      host: this.host,
      role: this.d.caller.role,
      session: this.d.session,
      clipboard: this.clipboard.current,
      notices: [...this.notices],
    };
    return this.cached;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async run(argv: string[]): Promise<CommandOutcome> {
    try {
      const r = await this.d.run(argv, this.d.caller);
      // A view asking for JSON gets the whole of it: JSON.stringify escapes every
      // control character, and the cut below is for the message line only.
      if (wantsJson(argv)) return { ok: true, text: JSON.stringify(r.data ?? null) };
      const text = r.text ?? (r.data === undefined ? undefined : JSON.stringify(r.data));
      return { ok: true, ...(text === undefined ? {} : { text: printable(text) }) };
    } catch (e) {
      const message = printable(e instanceof Error ? e.message : String(e));
      // A view's JSON read shows its own error; as a notice it would outlive the view on the message line.
      if (!wantsJson(argv)) this.notice(message, 'error');
      return { ok: false, error: message };
    } finally {
      this.changed();
    }
  }

  async read(argv: string[]): Promise<CommandOutcome> {
    try {
      const r = await this.d.run(argv, this.d.caller, 'view-read');
      return { ok: true, text: JSON.stringify(r.data ?? null) };
    } catch (e) {
      return { ok: false, error: printable(e instanceof Error ? e.message : String(e)) };
    }
  }

  commandNames(): string[] {
    return this.d.ctx.commandSummaries().map((c) => c.name);
  }

  detach(): void {
    this.d.onDetach();
  }

  close(): void {
    this.workspaces?.close();
    this.clipboard.close();
    for (const u of this.unsubscribes.splice(0)) u();
    this.listeners.clear();
  }
}
