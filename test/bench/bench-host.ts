/**
 * A throwaway qtui installation on the simulated Xen host for the
 * benchmarks and the soak: temp state/config/runtime folders, a registry of
 * many AppVMs written before the daemon starts (creating them one by one
 * through the daemon would take minutes), domains started straight on the
 * simulated host, and a teardown that stops the daemon, destroys every
 * domain and removes the folders.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedRegistry } from '../../services/registry/seed.js';
import { simBootFiles } from '../../xen-bridge/sim/sim-boot-files.js';
import { SIM_SIZES, VolumePool } from '../../services/storage/volume-pool.js';
import { saveRegistry } from '../../services/store/registry-store.js';
import { REPO_ROOT } from './repo-root.js';

export const QTUI = join(REPO_ROOT, 'bin', 'qtui');
export const SIM_XL = join(REPO_ROOT, 'bin', 'sim', 'xl');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, [...args], { env, timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Whether process `pid` is gone within `ms`. */
async function exited(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
  }
  return false;
}

/** Names of the bench's AppVMs: vm-0001, vm-0002, … */
export function benchQubeName(i: number): string {
  return `vm-${String(i).padStart(4, '0')}`;
}

export class BenchHost {
  readonly env: NodeJS.ProcessEnv;
  readonly simDir: string;

  /** `benchQubes`: AppVMs of the bench in the registry. */
  private constructor(readonly dir: string, readonly benchQubes: number) {
    const state = join(dir, 'state');
    this.simDir = join(state, 'sim');
    this.env = { ...process.env, QTUI_HOST: 'sim', QTUI_STATE_DIR: state, QTUI_CONFIG_DIR: join(dir, 'config'), QTUI_RUNTIME_DIR: join(dir, 'run'), QTUI_SIM_DIR: this.simDir, TERM: 'xterm-256color' };
  }

  /** The default system plus `qubes` AppVMs without a netvm (so any of them starts alone). */
  static async create(qubes: number): Promise<BenchHost> {
    const host = new BenchHost(mkdtempSync(join(tmpdir(), 'qtui-bench-')), qubes);
    const registry = seedRegistry();
    for (let i = 1; i <= qubes; i++) registry.add('AppVM', benchQubeName(i), { label: 'blue', netvm: null });
    const state = host.env.QTUI_STATE_DIR as string;
    await saveRegistry(state, registry);
    // The volumes the daemon makes when it seeds a registry itself, so the qubes can start.
    const pool = new VolumePool(join(state, 'pool'), SIM_SIZES);
    for (const q of registry.list()) pool.create(q.name, q.klass);
    return host;
  }

  qtui(...args: string[]): Promise<RunResult> {
    return run(QTUI, args, this.env);
  }

  xl(...args: string[]): Promise<RunResult> {
    return run(SIM_XL, args, this.env);
  }

  /** Starts the daemon (any command does) and waits until it answers. */
  async startDaemon(): Promise<number> {
    const r = await this.qtui('ls');
    if (r.code !== 0) throw new Error(`qtui ls failed (${r.code}): ${r.stderr}`);
    return this.daemonPid();
  }

  daemonPid(): number {
    const pid = Number(readFileSync(join(this.env.QTUI_RUNTIME_DIR as string, 'daemon.pid'), 'utf8').trim());
    if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error('no daemon pid');
    return pid;
  }

  /** Creates domains for the named qubes directly on the simulated host, a few at a time. */
  async startDomains(names: readonly string[], parallel = 4): Promise<void> {
    const queue = [...names];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const cfg = join(this.dir, `${name}.cfg`);
        writeFileSync(cfg, `name = "${name}"\ntype = "pv"\nkernel = "${simBootFiles(this.simDir).kernel}"\nmemory = 32\nvcpus = 1\n`);
        const r = await this.xl('create', cfg);
        if (r.code !== 0) throw new Error(`xl create ${name}: ${r.stderr.trim()}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  }

  /** Names of the domains running on the simulated host, Domain-0 left out. */
  async runningDomains(): Promise<string[]> {
    const r = await this.xl('list');
    return r.stdout
      .split('\n')
      .slice(2)
      .map((l) => l.split(/\s+/)[0] ?? '')
      .filter((n) => n !== '');
  }

  async teardown(): Promise<void> {
    const pid = existsSync(join(this.env.QTUI_RUNTIME_DIR as string, 'daemon.pid')) ? this.daemonPid() : null;
    await this.qtui('daemon', 'stop');
    // A daemon that does not exit would outlive its removed folders unseen, and load every later run.
    if (pid !== null && !(await exited(pid, 10_000))) {
      console.error(`the bench daemon (pid ${pid}) had not exited 10 s after daemon stop: killed`);
      process.kill(pid, 'SIGKILL');
    }
    const names = await this.runningDomains();
    for (let i = 0; i < names.length; i += 8) await Promise.all(names.slice(i, i + 8).map((n) => this.xl('destroy', n)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
