/**
 * The one place that executes `xl`. Every call gets an argument array (never
 * a shell), a timeout that takes down the whole process group, a bound on
 * output, and a typed XenError on any failure. Mutating calls go through one
 * FIFO queue because xl commands that change the host must not overlap;
 * reads run concurrently.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { classifyXlFailure, xlReportedFailure } from './parsers/xl-error-classifier.js';
import { terminateGroup } from './process-group.js';
import { SerialQueue } from './serial-queue.js';
import { XenError } from './xen-error.js';
import { locateXenTool } from './xen-tools.js';

export interface XlRunOptions {
  /** Defaults to the runner's read or mutating timeout. */
  timeoutMs?: number;
  /** Serialize with every other mutating call. */
  mutating?: boolean;
  /** Written to xl's stdin, which is then closed. */
  input?: string;
}

export interface XlOutput {
  stdout: string;
  stderr: string;
}

export interface XlRunnerOptions {
  /** The xl binary; null when it is not installed. Defaults to locateXenTool('xl'). */
  xlPath?: string | null;
  env?: NodeJS.ProcessEnv;
  readTimeoutMs?: number;
  mutatingTimeoutMs?: number;
  /** Bound on stdout plus stderr of one call. */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL when a call is killed. */
  killGraceMs?: number;
}

/** Bound on the stderr text carried by an XenError. */
const MAX_DETAIL_CHARS = 4000;
/**
 * After xl exits, how long its pipes may stay open. A descendant that kept
 * them (a daemonizing helper) must not hold the call hostage.
 */
const PIPE_DRAIN_MS = 500;

export class XlRunner {
  readonly xlPath: string | null;
  private readonly env: NodeJS.ProcessEnv;
  private readonly readTimeoutMs: number;
  private readonly mutatingTimeoutMs: number;
  private readonly maxOutputBytes: number;
  private readonly killGraceMs: number;
  private readonly mutations = new SerialQueue();

  constructor(opts: XlRunnerOptions = {}) {
    this.env = opts.env ?? process.env;
    this.xlPath = opts.xlPath !== undefined ? opts.xlPath : locateXenTool('xl', { env: this.env });
    this.readTimeoutMs = opts.readTimeoutMs ?? 30_000;
    this.mutatingTimeoutMs = opts.mutatingTimeoutMs ?? 120_000;
    this.maxOutputBytes = opts.maxOutputBytes ?? 16 * 1024 * 1024;
    this.killGraceMs = opts.killGraceMs ?? 1000;
  }

  run(args: readonly string[], opts: XlRunOptions = {}): Promise<XlOutput> {
    const timeoutMs = opts.timeoutMs ?? (opts.mutating ? this.mutatingTimeoutMs : this.readTimeoutMs);
    const call = (): Promise<XlOutput> => this.execute(args, timeoutMs, opts.input);
    if (opts.mutating) return this.mutations.run(call);
    // A read that xl did not finish (killed by a signal: real xl 4.17 was seen to
    // abort in libxentoolcore's handle lock while other xl calls ran) is safe to ask again, once.
    return call().catch((e: unknown) => {
      if (e instanceof XenError && e.kind === 'failed' && e.exitCode === null) return call();
      throw e;
    });
  }

  private execute(args: readonly string[], timeoutMs: number, input: string | undefined): Promise<XlOutput> {
    const command = ['xl', ...args];
    const xlPath = this.xlPath;
    if (xlPath === null) return Promise.reject(new XenError('not-installed', command, null, 'xl was not found on PATH (set QTUI_XL)'));

    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(xlPath, args, { detached: true, env: this.env });
    } catch (e) {
      // Node refuses some arguments outright (a NUL byte) before anything runs.
      const code = (e as NodeJS.ErrnoException).code ?? '';
      const kind = code.startsWith('ERR_INVALID_ARG') ? 'invalid-argument' : 'failed';
      return Promise.reject(new XenError(kind, command, null, e instanceof Error ? e.message : String(e)));
    }

    return new Promise<XlOutput>((resolve, reject) => {
      let settled = false;
      let outBytes = 0;
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let drainTimer: NodeJS.Timeout | undefined;

      /** Marks the call answered; false if it already was. */
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        clearTimeout(drainTimer);
        return true;
      };
      // Kill first, report after, so that a rejected call has left nothing running.
      const killThenReject = (error: XenError): void => {
        if (!settle()) return;
        const done = (): void => {
          child.stdout.destroy();
          child.stderr.destroy();
          reject(error);
        };
        if (child.pid === undefined) done();
        else void terminateGroup(child.pid, this.killGraceMs).then(done);
      };

      const timer = setTimeout(() => {
        killThenReject(new XenError('timeout', command, null, `no answer within ${timeoutMs} ms`));
      }, timeoutMs);

      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        outBytes += chunk.length;
        if (outBytes > this.maxOutputBytes) {
          killThenReject(new XenError('unparseable-output', command, null, `output exceeds ${this.maxOutputBytes} bytes`));
          return;
        }
        into.push(chunk);
      };
      child.stdout.on('data', collect(stdout));
      child.stderr.on('data', collect(stderr));

      child.on('error', (err: NodeJS.ErrnoException) => {
        const kind = err.code === 'ENOENT' ? 'not-installed' : 'failed';
        if (settle()) reject(new XenError(kind, command, null, `${xlPath}: ${err.message}`));
      });

      const report = (code: number | null): void => {
        if (!settle()) return;
        const out = Buffer.concat(stdout).toString('utf8');
        const err = Buffer.concat(stderr).toString('utf8');
        if (code === 0 && !xlReportedFailure(err)) resolve({ stdout: out, stderr: err });
        else reject(new XenError(classifyXlFailure(args, code, out, err), command, code, boundedDetail(err)));
      };
      child.on('exit', (code) => {
        if (settled) return;
        drainTimer = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          report(code);
        }, PIPE_DRAIN_MS);
      });
      child.on('close', (code) => report(code));

      // xl may exit without reading its input; that is its answer, not ours to fail on.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    });
  }
}

function boundedDetail(stderr: string): string {
  const text = stderr.trim();
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
}
