/**
 * A domain's console in a pseudo-terminal: `xl console -t pv NAME` under
 * node-pty (xl console needs a tty). The pty child leads its own session and
 * process group, so close() takes down everything it started.
 */
import { accessSync, constants } from 'node:fs';
import { spawn, type IPty } from 'node-pty';
import { Listeners } from './listeners.js';
import { terminateGroup } from './process-group.js';
import { XenError } from './xen-error.js';
import { locateXenTool } from './xen-tools.js';
import { domainArg, type DomainRef } from './xl-domain-arg.js';

export interface ConsoleTerminalOptions {
  domain: DomainRef;
  cols: number;
  rows: number;
  /** The xl binary; null when it is not installed. Defaults to locateXenTool('xl'). */
  xlPath?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Between SIGHUP and SIGKILL on close(). */
  killGraceMs?: number;
}

export interface ConsoleExit {
  exitCode: number;
  signal?: number;
}

export class ConsoleTerminal {
  readonly command: readonly string[];
  private readonly pty: IPty;
  private readonly data = new Listeners<string>();
  private readonly exits = new Listeners<ConsoleExit>();
  private readonly killGraceMs: number;
  private exitInfo: ConsoleExit | null = null;
  private readonly exited: Promise<void>;
  private closing: Promise<void> | null = null;

  /** Starts the console; throws XenError for a bad domain or a missing xl. */
  constructor(opts: ConsoleTerminalOptions) {
    const env = opts.env ?? process.env;
    const args = ['console', '-t', 'pv'];
    args.push(domainArg(args, opts.domain));
    this.command = ['xl', ...args];
    const xlPath = opts.xlPath !== undefined ? opts.xlPath : locateXenTool('xl', { env });
    if (xlPath === null || !isExecutable(xlPath)) {
      throw new XenError('not-installed', this.command, null, `xl not found${xlPath === null ? ' on PATH (set QTUI_XL)' : `: ${xlPath}`}`);
    }
    this.killGraceMs = opts.killGraceMs ?? 1000;
    const cols = terminalSize(this.command, 'cols', opts.cols);
    const rows = terminalSize(this.command, 'rows', opts.rows);
    try {
      this.pty = spawn(xlPath, args, { name: 'xterm-256color', cols, rows, env: stringEnv(env) });
    } catch (e) {
      throw new XenError('failed', this.command, null, e instanceof Error ? e.message : String(e));
    }
    this.pty.onData((chunk) => this.data.emit(chunk));
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

  /** The exit of xl console, or null while it runs. */
  get exit(): ConsoleExit | null {
    return this.exitInfo;
  }

  onData(fn: (data: string) => void): () => void {
    return this.data.add(fn);
  }

  onExit(fn: (exit: ConsoleExit) => void): () => void {
    return this.exits.add(fn);
  }

  /** Keys for the guest; dropped once the console has ended. */
  write(data: string): void {
    if (this.exitInfo === null && this.closing === null) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exitInfo !== null || this.closing !== null) return;
    this.pty.resize(terminalSize(this.command, 'cols', cols), terminalSize(this.command, 'rows', rows));
  }

  /** Stops reading the console's output (flow control: the reader is behind); the guest's writes block in xl console. */
  pause(): void {
    if (this.closing === null) this.pty.pause();
  }

  resume(): void {
    if (this.closing === null) this.pty.resume();
  }

  /** Hangs up the console and ends its whole process group; resolves once all of it is gone. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // The group outlives its leader when xl console started helpers, so signal it even after exit.
      await terminateGroup(this.pty.pid, this.killGraceMs, 'SIGHUP');
      // The group is gone now; node-pty's exit report was seen to lag far behind
      // under load, and a close must never hang on it.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exited, new Promise<void>((r) => (timer = setTimeout(r, EXIT_REPORT_WAIT_MS)))]);
      clearTimeout(timer);
      this.data.clear();
      this.exits.clear();
    })();
    return this.closing;
  }
}

/** How long close() waits for node-pty to report an exit it has already caused. */
const EXIT_REPORT_WAIT_MS = 3000;

function terminalSize(command: readonly string[], what: string, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new XenError('invalid-argument', command, null, `${what} must be an integer from 1 to 10000, not ${n}`);
  return n;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
