/**
 * Live resource figures of every domain from one long-running
 * `xentop -b -f -d N` (batch mode, full names, no iteration limit). xentop
 * writes a whole iteration at once and then sleeps, so a sample is handed out
 * as soon as the output goes quiet rather than when the next one begins. A
 * xentop that dies is restarted with back-off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { Listeners } from './listeners.js';
import { XentopStreamParser } from './parsers/xentop-parser.js';
import { terminateGroup } from './process-group.js';
import { formatParseError } from './result.js';
import type { XentopSample } from './types.js';
import { XenError } from './xen-error.js';
import { locateXenTool } from './xen-tools.js';

export interface XentopStreamOptions {
  /** Seconds between samples (xentop's -d). */
  intervalSec?: number;
  /** The xentop binary; null when it is not installed. Defaults to locateXenTool('xentop'). */
  xentopPath?: string | null;
  env?: NodeJS.ProcessEnv;
  backoff?: BackoffOptions;
}

/** How long the output must be quiet before the iteration read so far counts as complete. */
const QUIET_MS = 50;

export class XentopStream {
  readonly args: readonly string[];
  private readonly path: string | null;
  private readonly env: NodeJS.ProcessEnv;
  private readonly backoff: Backoff;
  private readonly samples = new Listeners<XentopSample>();
  private readonly errors = new Listeners<XenError>();
  private child: ChildProcess | null = null;
  private restartTimer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(opts: XentopStreamOptions = {}) {
    const interval = opts.intervalSec ?? 2;
    if (!Number.isInteger(interval) || interval < 1 || interval > 3600) throw new RangeError(`xentop interval must be 1..3600 s, not ${interval}`);
    this.args = ['-b', '-f', '-d', String(interval)];
    this.env = opts.env ?? process.env;
    this.path = opts.xentopPath !== undefined ? opts.xentopPath : locateXenTool('xentop', { env: this.env });
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
  }

  onSample(fn: (sample: XentopSample) => void): () => void {
    return this.samples.add(fn);
  }

  /** Bad output, a missing xentop, or xentop dying (it is restarted unless not installed). */
  onError(fn: (error: XenError) => void): () => void {
    return this.errors.add(fn);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.spawnXentop();
  }

  /** Ends xentop's process group and every timer; start() may follow. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.restartTimer);
    clearTimeout(this.quietTimer);
    const child = this.child;
    this.child = null;
    if (child?.pid !== undefined) await terminateGroup(child.pid);
  }

  private spawnXentop(): void {
    const command = ['xentop', ...this.args];
    if (this.path === null) {
      this.errors.emit(new XenError('not-installed', command, null, 'xentop was not found on PATH (set QTUI_XENTOP)'));
      return;
    }
    const startedAt = Date.now();
    const parser = new XentopStreamParser();
    const child = spawn(this.path, this.args, { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: this.env });
    this.child = child;
    const current = (): boolean => child === this.child && this.running;

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (!current()) return;
      const out = parser.push(chunk);
      for (const error of out.errors) this.errors.emit(new XenError('unparseable-output', command, null, formatParseError(error)));
      for (const sample of out.samples) this.samples.emit(sample);
      clearTimeout(this.quietTimer);
      this.quietTimer = setTimeout(() => {
        const sample = current() ? parser.flush() : undefined;
        if (sample) this.samples.emit(sample);
      }, QUIET_MS);
    });

    let died = false;
    const onDeath = (reason: string, kind: 'failed' | 'not-installed'): void => {
      if (died || !current()) return;
      died = true;
      // The iteration in progress is cut short; it is dropped, not handed out half-read.
      clearTimeout(this.quietTimer);
      this.child = null;
      this.errors.emit(new XenError(kind, command, null, reason));
      this.restartTimer = setTimeout(() => this.spawnXentop(), this.backoff.delayAfterRun(Date.now() - startedAt));
    };
    child.on('error', (err: NodeJS.ErrnoException) => onDeath(err.message, err.code === 'ENOENT' ? 'not-installed' : 'failed'));
    child.on('exit', (code, signal) => onDeath(`xentop exited (${signal ?? `code ${code}`})`, 'failed'));
  }
}
