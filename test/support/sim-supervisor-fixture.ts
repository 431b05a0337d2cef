/**
 * A simulated host with supervised domains for the supervisor's tests: a
 * temp state directory, domains written straight into the state, consoles
 * run in real ptys, and helpers that look at /proc.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as pty from 'node-pty';
import type { IPty } from 'node-pty';
import { readSimState, withSimState, xenstoreEventLog } from '../../xen-bridge/sim/sim-state.js';
import type { SimDomain } from '../../xen-bridge/sim/sim-state.js';
import type { XlConfig } from '../../xen-bridge/xl-cfg/xl-config.js';
import { destroyDomain, startSupervisor } from '../../xen-bridge/sim/supervisor/supervisor-control.js';
import { readProcStat } from '../../xen-bridge/sim/supervisor/guest-tree.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONSOLE_CLIENT_JS = join(REPO_ROOT, 'dist/xen-bridge/sim/supervisor/console-client.js');

/** Compiles the project (the supervisor runs from dist/) unless dist is newer than every simulated-host source. */
export async function buildSupervisor(): Promise<void> {
  const sources = ['sim-state.ts', ...['supervisor-main', 'domain-supervisor', 'guest-boot', 'guest-tree', 'console-ring', 'supervisor-protocol', 'console-client', 'supervisor-control'].map((f) => `supervisor/${f}.ts`)];
  const stale = sources.some((f) => {
    const built = join(REPO_ROOT, 'dist/xen-bridge/sim', f.replace(/\.ts$/, '.js'));
    return !existsSync(built) || statSync(built).mtimeMs < statSync(join(REPO_ROOT, 'xen-bridge/sim', f)).mtimeMs;
  });
  if (!stale) return;
  // Type errors elsewhere in the tree (others' work in progress) do not stop tsc from emitting.
  await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT }).catch(() => undefined);
  if (!existsSync(CONSOLE_CLIENT_JS)) throw new Error(`build did not produce ${CONSOLE_CLIENT_JS}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until fn returns a truthy value; fails with what the last attempt saw. */
export async function waitFor<T>(what: string | (() => string), fn: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(25);
  }
}

/** Pids among these that still exist as processes (zombies awaiting their reaper count as gone). */
export function livePids(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    const s = readProcStat(pid);
    return s !== undefined && s.state !== 'Z' && s.state !== 'X';
  });
}

export class SimHost {
  readonly dir = mkdtempSync(join(tmpdir(), 'qtui-sim-sup-'));

  state() {
    return readSimState(this.dir);
  }

  domain(domid: number): SimDomain | undefined {
    return this.state().domains.find((d) => d.domid === domid);
  }

  domainByName(name: string): SimDomain | undefined {
    return this.state().domains.find((d) => d.name === name);
  }

  events(): string[] {
    return existsSync(xenstoreEventLog(this.dir)) ? readFileSync(xenstoreEventLog(this.dir), 'utf8').split('\n').filter(Boolean) : [];
  }

  folder(name: string): string {
    return join(this.dir, 'domains', name);
  }

  /** Gives the qube an executable rc.local (a /bin/sh script). */
  writeRcLocal(name: string, script: string): void {
    mkdirSync(this.folder(name), { recursive: true });
    const path = join(this.folder(name), 'rc.local');
    writeFileSync(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  }

  /** Records the domain in the state as `xl create` does, then starts its supervisor. */
  async create(name: string, opts: { paused?: boolean; config?: Partial<XlConfig> } = {}): Promise<SimDomain> {
    const domid = await withSimState(this.dir, (state) => {
      const id = state.nextDomid++;
      const config: XlConfig = { name, type: 'pvh', memory: 400, vcpus: 1, disks: [], vifs: [], usbctrls: [], ...opts.config };
      state.domains.push({
        domid: id, name, uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, config,
        memoryMiB: config.memory, maxmemMiB: config.memory, vcpusOnline: config.vcpus, createdAtMs: Date.now(),
        paused: opts.paused ?? false, shuttingDown: false, supervisorPid: 0, nics: [], disks: [], usbctrls: [], usbdevs: [],
      });
      return id;
    });
    await startSupervisor(this.dir, domid);
    const d = this.domain(domid);
    if (!d) throw new Error(`domain ${domid} vanished right after its start`);
    return d;
  }

  /** Destroys every domain left and removes the state directory. */
  async cleanup(): Promise<void> {
    for (const d of this.state().domains) await destroyDomain(this.dir, d.domid).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs the console client (what `xl console` runs) in a real pty. */
  attach(domid: number, size: { cols: number; rows: number } = { cols: 100, rows: 30 }): ConsoleSession {
    const script = `const m = await import(${JSON.stringify(pathToFileURL(CONSOLE_CLIENT_JS).href)}); process.exit(await m.runConsoleClient(${JSON.stringify(this.dir)}, ${domid}));`;
    return new ConsoleSession(pty.spawn(process.execPath, ['--input-type=module', '-e', script], { ...size, cwd: this.dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' } }));
  }
}

export class ConsoleSession {
  output = '';
  readonly exited: Promise<number>;

  constructor(readonly term: IPty) {
    term.onData((d) => (this.output += d));
    this.exited = new Promise((r) => term.onExit(({ exitCode }) => r(exitCode)));
  }

  type(text: string): void {
    this.term.write(text);
  }

  /** Waits until the output (from `from` on) matches. */
  async expect(pattern: RegExp, from = 0, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    return waitFor(() => `${pattern} in console output ${JSON.stringify(this.output.slice(from).slice(-500))}`, () => this.output.slice(from).match(pattern) ?? undefined, timeoutMs);
  }

  detach(): Promise<number> {
    this.term.write('\x1d');
    return this.exited;
  }

  kill(): void {
    try {
      this.term.kill('SIGKILL');
    } catch {
      // Already exited.
    }
  }
}
