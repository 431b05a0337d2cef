import type { WorkspacesApi } from './workspace-api.js';

/**
 * The contract between the daemon and the console UI. The daemon implements
 * ConsoleApi once per attached client; the UI in tui/ knows nothing else of it.
 */

export type QubeState = 'Running' | 'Paused' | 'Halted' | 'Transient' | 'Crashed' | 'Dying';

export interface QubeRowView {
  name: string;
  state: QubeState;
  klass: string;
  label: string;
  template: string | null;
  netvm: string | null;
  memMiB: number;
  cpuPercent: number | null;
  /** Recent CPU percentages, oldest first. */
  cpuHistory: number[];
  vcpus: number;
  uptimeSec: number | null;
  ip: string | null;
  /** A running qube's last minutes of samples, for the detail panel's graphs. */
  history?: QubeHistoryView;
}

/** Samples oldest first in parallel lists; `at` in milliseconds since the epoch. */
export interface QubeHistoryView {
  readonly at: readonly number[];
  readonly cpuPercent: readonly number[];
  readonly memMiB: readonly number[];
}

export interface HostView {
  hostname: string;
  totalMemMiB: number;
  freeMemMiB: number;
  backend: 'xen' | 'sim';
}

export type ConsoleRole = 'viewer' | 'operator' | 'admin';

export interface ConsoleNotice {
  time: string;
  text: string;
  level: 'info' | 'error';
}

export interface ConsoleSnapshot {
  qubes: QubeRowView[];
  host: HostView;
  role: ConsoleRole;
  session: string;
  clipboard: { bytes: number; source: string } | null;
  notices: ConsoleNotice[];
}

export interface CommandOutcome {
  ok: boolean;
  text?: string;
  error?: string;
}

export interface ConsoleApi {
  snapshot(): ConsoleSnapshot;
  /** Called whenever the snapshot changed; returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Runs one command of the daemon's table (argv as the CLI would pass it), with this client's role. */
  run(argv: string[]): Promise<CommandOutcome>;
  /**
   * A view's read: a read-only command as this client's role, its whole JSON
   * answer; not written to the audit log unless refused, and it wakes no one.
   */
  read(argv: string[]): Promise<CommandOutcome>;
  /** For completion in the `:` prompt. */
  commandNames(): string[];
  /** Leave the console; the daemon keeps running. */
  detach(): void;
  /** The daemon's panes and workspaces; absent where there are none (rendering tests). */
  readonly workspaces?: WorkspacesApi;
}

/** How the client's terminal can draw: chosen by the host from TERM / QTUI_ASCII. */
export interface RenderOptions {
  ascii: boolean;
  colors: 'linux16' | 'ansi256' | 'truecolor';
}
