/**
 * A throwaway simulated Xen host for tests: a temp QTUI_SIM_DIR, the
 * simulated `xl`/`xentop`/`xenstore-watch` run as real processes, and a
 * teardown that destroys every domain and fails if any supervisor survived.
 *
 *   beforeAll(buildOnce);                      // from ./build-once.js
 *   const host = await SimXenHost.create();    // afterEach: await host.teardown()
 *   const cfg = host.writeConfig('work', { memory: 64 });
 *   expect((await host.xl('create', cfg)).code).toBe(0);
 *   const { stdout } = await host.xl('list');
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simBootFiles, type SimBootFiles } from '../../xen-bridge/sim/sim-boot-files.js';
import { REPO_ROOT } from './build-once.js';

export { buildOnce, REPO_ROOT } from './build-once.js';

export const SIM_BIN = join(REPO_ROOT, 'bin', 'sim');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GuestConfig {
  memory?: number;
  maxmem?: number;
  vcpus?: number;
  /** Raw extra lines, e.g. `vif = [ 'bridge=xenbr0' ]`. */
  extra?: string[];
}

const TEARDOWN_WAIT_MS = 10_000;

export class SimXenHost {
  private readonly children = new Set<ChildProcess>();
  /** The host's kernel and initrd (made by its first xl command that changes it, as its /boot). */
  readonly boot: SimBootFiles;

  private constructor(
    /** The state directory (QTUI_SIM_DIR). */
    readonly dir: string,
    /** Environment for anything that should see this host: QTUI_SIM_DIR set, bin/sim first on PATH. */
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.boot = simBootFiles(dir);
  }

  /** hostMemMiB/dom0MemMiB set the host's total and Domain-0 memory (defaults 16384 / 1024). */
  static async create(opts: { hostMemMiB?: number; dom0MemMiB?: number } = {}): Promise<SimXenHost> {
    const dir = mkdtempSync(join(tmpdir(), 'qtui-sim-'));
    const env: NodeJS.ProcessEnv = { ...process.env, QTUI_SIM_DIR: dir, PATH: `${SIM_BIN}:${process.env.PATH ?? ''}` };
    if (opts.hostMemMiB !== undefined) env.QTUI_SIM_HOST_MEM = String(opts.hostMemMiB);
    if (opts.dom0MemMiB !== undefined) env.QTUI_SIM_DOM0_MEM = String(opts.dom0MemMiB);
    return Promise.resolve(new SimXenHost(dir, env));
  }

  /** Runs bin/sim/<tool> to completion. */
  run(tool: 'xl' | 'xentop' | 'xenstore-watch', args: readonly string[], timeoutMs = 20_000): Promise<RunResult> {
    return new Promise((resolve) => {
      execFile(join(SIM_BIN, tool), [...args], { env: this.env, cwd: this.dir, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  xl(...args: string[]): Promise<RunResult> {
    return this.run('xl', args);
  }

  /** Starts a long-running tool (xentop without -i, xenstore-watch); teardown kills it if still running. */
  spawn(tool: 'xentop' | 'xenstore-watch', args: readonly string[]): ChildProcess {
    const child = spawn(join(SIM_BIN, tool), [...args], { env: this.env, cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Writes a minimal PV config for `name` into the state dir and returns its path. */
  writeConfig(name: string, cfg: GuestConfig = {}): string {
    const lines = [
      `name = "${name}"`,
      'type = "pv"',
      `kernel = "${this.boot.kernel}"`,
      `memory = ${cfg.memory ?? 64}`,
      ...(cfg.maxmem !== undefined ? [`maxmem = ${cfg.maxmem}`] : []),
      `vcpus = ${cfg.vcpus ?? 1}`,
      ...(cfg.extra ?? []),
    ];
    const path = join(this.dir, `${name}.cfg`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  /** Domids in the state right now. */
  domids(): number[] {
    try {
      const state = JSON.parse(readFileSync(join(this.dir, 'state.json'), 'utf8')) as { domains: { domid: number }[] };
      return state.domains.map((d) => d.domid);
    } catch {
      return [];
    }
  }

  /** Processes whose command line mentions this host's directory (supervisors and their guests). */
  leftoverPids(): number[] {
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      try {
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmdline.includes(this.dir) && cmdline.includes('supervisor')) pids.push(Number(entry));
      } catch {
        // Exited meanwhile.
      }
    }
    return pids;
  }

  /** Destroys every domain, kills spawned tools, removes the directory; throws if a supervisor outlived its domain. */
  async teardown(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    const failures: string[] = [];
    await Promise.all(
      this.domids().map(async (domid) => {
        const r = await this.xl('destroy', String(domid));
        if (r.code !== 0) failures.push(`xl destroy ${domid}: exit ${r.code}: ${r.stderr.trim()}`);
      }),
    );
    const deadline = Date.now() + TEARDOWN_WAIT_MS;
    let left = this.leftoverPids();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      left = this.leftoverPids();
    }
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`supervisor processes outlived teardown: ${left.join(', ')}\n${failures.join('\n')}`);
  }
}
