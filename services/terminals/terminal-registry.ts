/**
 * The daemon's pane terminals, keyed by pane id. A qube has one console, so
 * every pane into the same qube shows the same PaneTerminal (as tmux shows
 * one pane in two clients); it is closed when the last of those panes goes,
 * or when the qube halts. Each dom0 pane gets a shell of its own. A shared
 * terminal is as large as the smallest pane showing it.
 */
import type { ShellOptions } from './pty-source.js';
import { PaneTerminal } from './pane-terminal.js';

export type PaneTarget = { kind: 'qube'; name: string } | { kind: 'dom0' };

export interface PaneSize {
  cols: number;
  rows: number;
}

export interface TerminalRegistryOptions {
  /** Environment of `xl console` (PATH with the simulated host's xl, QTUI_SIM_DIR) and of shells. */
  env?: NodeJS.ProcessEnv;
  /** The xl binary; defaults to the one xen-bridge locates. */
  xlPath?: string | null;
  /** How dom0 shells are started (program, arguments, cwd). */
  shell?: Omit<ShellOptions, 'cols' | 'rows' | 'env'>;
  scrollback?: number;
  changeIntervalMs?: number;
}

interface Entry {
  terminal: PaneTerminal;
  target: PaneTarget;
  /** The panes showing it, with their sizes. */
  panes: Map<string, PaneSize>;
}

export class TerminalRegistry {
  private readonly byPane = new Map<string, Entry>();
  /** The live console of each qube that has one. */
  private readonly byQube = new Map<string, Entry>();

  constructor(private readonly opts: TerminalRegistryOptions = {}) {}

  /**
   * Gives a new pane its terminal: the qube's console (shared if another
   * pane shows it already), or a new dom0 shell. Throws XenError when the
   * console cannot start (bad name, no xl), and for a pane id in use.
   */
  open(paneId: string, target: PaneTarget, size: PaneSize): PaneTerminal {
    if (this.byPane.has(paneId)) throw new Error(`pane ${paneId} already has a terminal`);
    let entry = target.kind === 'qube' ? this.byQube.get(target.name) : undefined;
    if (!entry) {
      entry = { terminal: this.start(target, size), target, panes: new Map() };
      if (target.kind === 'qube') this.watchConsole(target.name, entry);
    }
    entry.panes.set(paneId, size);
    this.byPane.set(paneId, entry);
    this.fit(entry);
    return entry.terminal;
  }

  get(paneId: string): PaneTerminal | undefined {
    return this.byPane.get(paneId)?.terminal;
  }

  targetOf(paneId: string): PaneTarget | undefined {
    return this.byPane.get(paneId)?.target;
  }

  /** The panes showing the same terminal as this one (itself included). */
  sharing(paneId: string): string[] {
    return [...(this.byPane.get(paneId)?.panes.keys() ?? [])];
  }

  /** Every terminal some pane shows, once each. */
  terminals(): PaneTerminal[] {
    return [...new Set([...this.byPane.values()].map((e) => e.terminal))];
  }

  /** A pane's new size; a shared terminal takes the smallest of its panes'. */
  resize(paneId: string, size: PaneSize): void {
    const entry = this.byPane.get(paneId);
    if (!entry) return;
    entry.panes.set(paneId, size);
    this.fit(entry);
  }

  /** The pane is gone; its terminal is closed if no other pane shows it. */
  async release(paneId: string): Promise<void> {
    const entry = this.byPane.get(paneId);
    if (!entry) return;
    this.byPane.delete(paneId);
    entry.panes.delete(paneId);
    if (entry.panes.size > 0) {
      this.fit(entry);
      return;
    }
    this.forgetConsole(entry);
    await entry.terminal.close();
  }

  /** The qube stopped: its console is closed; its panes keep the last screen until released. */
  async qubeHalted(name: string): Promise<void> {
    const entry = this.byQube.get(name);
    if (!entry) return;
    this.byQube.delete(name);
    await entry.terminal.close();
  }

  /** Closes every terminal (daemon shutdown). */
  async closeAll(): Promise<void> {
    const entries = new Set(this.byPane.values());
    this.byPane.clear();
    this.byQube.clear();
    await Promise.all([...entries].map((e) => e.terminal.close()));
  }

  private start(target: PaneTarget, size: PaneSize): PaneTerminal {
    const common = { ...size, scrollback: this.opts.scrollback, changeIntervalMs: this.opts.changeIntervalMs, env: this.opts.env };
    if (target.kind === 'qube') return PaneTerminal.forConsole({ ...common, domain: target.name, xlPath: this.opts.xlPath });
    return PaneTerminal.forShell({ ...this.opts.shell, ...common });
  }

  /** A console whose xl console ended is not reused: the next pane into the qube starts a new one. */
  private watchConsole(name: string, entry: Entry): void {
    this.byQube.set(name, entry);
    entry.terminal.onExit(() => this.forgetConsole(entry));
  }

  private forgetConsole(entry: Entry): void {
    if (entry.target.kind === 'qube' && this.byQube.get(entry.target.name) === entry) this.byQube.delete(entry.target.name);
  }

  private fit(entry: Entry): void {
    const sizes = [...entry.panes.values()];
    if (sizes.length === 0) return;
    entry.terminal.resize(Math.min(...sizes.map((s) => s.cols)), Math.min(...sizes.map((s) => s.rows)));
  }
}
