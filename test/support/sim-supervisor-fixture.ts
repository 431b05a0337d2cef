/**
 * A simulated host with supervised domains for the supervisor's tests: a
 * temp state directory, domains written straight into the state, consoles
 * run in real ptys, and helpers that look at /proc.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pty from 'node-pty';
import type { IPty } from 'node-pty';
import { readSimState, withSimState, xenstoreEventLog } from '../../xen-bridge/sim/sim-state.js';
import type { SimDomain } from '../../xen-bridge/sim/sim-state.js';
import type { XlConfig } from '../../xen-bridge/xl-cfg/xl-config.js';
import { destroyDomain, startSupervisor } from '../../xen-bridge/sim/supervisor/supervisor-control.js';
import { readProcStat } from '../../xen-bridge/sim/supervisor/guest-tree.js';
import { REPO_ROOT } from './build-once.js';

export { buildOnce, REPO_ROOT } from './build-once.js';

const CONSOLE_CLIENT_JS = join(REPO_ROOT, 'dist/xen-bridge/sim/supervisor/console-client.js');
const SIM_XL = join(REPO_ROOT, 'bin/sim/xl');

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

  /** Every xenstore watch event so far. */
  events(): string[] {
    return existsSync(xenstoreEventLog(this.dir)) ? readFileSync(xenstoreEventLog(this.dir), 'utf8').split('\n').filter(Boolean) : [];
  }

  /** The @introduceDomain / @releaseDomain events so far. */
  domainEvents(): string[] {
    return this.events().filter((e) => e.startsWith('@'));
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

  /** Runs the simulated `xl console DOMID` in a real pty. */
  attach(domid: number, size: { cols: number; rows: number } = { cols: 100, rows: 30 }): ConsoleSession {
    return this.inPty(SIM_XL, ['console', String(domid)], size);
  }

  /** Runs runConsoleClient itself (without xl's checks of the domain) in a real pty. */
  attachClient(domid: number): ConsoleSession {
    const script = `const m = await import(${JSON.stringify(pathToFileURL(CONSOLE_CLIENT_JS).href)}); process.exit(await m.runConsoleClient(${JSON.stringify(this.dir)}, ${domid}));`;
    return this.inPty(process.execPath, ['--input-type=module', '-e', script], { cols: 80, rows: 24 });
  }

  private inPty(file: string, args: string[], size: { cols: number; rows: number }): ConsoleSession {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', QTUI_SIM_DIR: this.dir };
    return new ConsoleSession(pty.spawn(file, args, { ...size, cwd: this.dir, env }));
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
