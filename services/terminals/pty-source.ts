/**
 * The program behind a pane: a qube's console (xen-bridge's ConsoleTerminal)
 * or a dom0 shell, both running in a pty as the leader of their own process
 * group, so close() takes down everything they started.
 */
import { spawn, type IPty } from 'node-pty';
import { ConsoleTerminal, type ConsoleTerminalOptions } from '../../xen-bridge/console-terminal.js';
import { Listeners } from '../../xen-bridge/listeners.js';
import { terminateSession } from './session-kill.js';

export interface PtyExit {
  exitCode: number;
  signal?: number;
}

export interface PtySource {
  readonly pid: number;
  /** What runs, for the pane's title and for errors. */
  readonly command: readonly string[];
  onData(fn: (data: string) => void): () => void;
  onExit(fn: (exit: PtyExit) => void): () => void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Flow control, where the program's output can be held back while the screen model catches up. */
  pause?(): void;
  resume?(): void;
  close(): Promise<void>;
}

/** A qube's console: `xl console -t pv NAME` (throws XenError for a bad name or a missing xl). */
export function consoleSource(opts: ConsoleTerminalOptions): PtySource {
  return new ConsoleTerminal(opts);
}

export interface ShellOptions {
  /** The program; defaults to $SHELL, else /bin/bash. */
  file?: string;
  /** Its arguments; defaults to ['-l'] (a login shell). */
  args?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  cols: number;
  rows: number;
  /** Between SIGHUP and SIGKILL on close(). */
  killGraceMs?: number;
}

/** A dom0 shell (or any program given as an argument array) in a pty. */
export class ShellSource implements PtySource {
  readonly command: readonly string[];
  private readonly pty: IPty;
  private readonly exits = new Listeners<PtyExit>();
  private readonly exited: Promise<void>;
  private readonly killGraceMs: number;
  private exitInfo: PtyExit | null = null;
  private closing: Promise<void> | null = null;

  constructor(opts: ShellOptions) {
    const env = opts.env ?? process.env;
    const file = opts.file ?? env.SHELL ?? '/bin/bash';
    const args = [...(opts.args ?? ['-l'])];
    this.command = [file, ...args];
    this.killGraceMs = opts.killGraceMs ?? 1000;
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
    vars.TERM = 'xterm-256color';
    this.pty = spawn(file, args, { name: 'xterm-256color', cols: opts.cols, rows: opts.rows, cwd: opts.cwd ?? env.HOME ?? '/', env: vars });
    this.exited = new Promise((resolve) => {
      this.pty.onExit((e) => {
        this.exitInfo = e.signal ? { exitCode: e.exitCode, signal: e.signal } : { exitCode: e.exitCode };
        this.exits.emit(this.exitInfo);
        resolve();
      });
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  onData(fn: (data: string) => void): () => void {
    const sub = this.pty.onData(fn);
    return () => sub.dispose();
  }

  onExit(fn: (exit: PtyExit) => void): () => void {
    return this.exits.add(fn);
  }

  write(data: string): void {
    if (this.exitInfo === null && this.closing === null) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exitInfo === null && this.closing === null) this.pty.resize(cols, rows);
  }

  pause(): void {
    this.pty.pause();
  }

  resume(): void {
    this.pty.resume();
  }

  /** Hangs up every process of the shell's session, SIGKILL after the grace time; resolves once all of it is gone. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Jobs of the shell outlive it in the session, so signal the session even after the shell exited.
      await terminateSession(this.pty.pid, this.killGraceMs, 'SIGHUP');
      await this.exited;
      this.exits.clear();
    })();
    return this.closing;
  }
}
