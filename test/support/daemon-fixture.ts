/**
 * A daemon on its own simulated host, in-process, with every folder in a
 * temp dir; teardown destroys every simulated domain it left running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller, CommandResult } from '../../services/commands/command-spec.js';
import type { RunPurpose } from '../../services/commands/command-table.js';
import type { QtuiPaths } from '../../services/config/qtui-paths.js';
import { QtuiDaemon } from '../../services/daemon/qtui-daemon.js';
import type { QtuiEvent } from '../../services/daemon/event-bus.js';
import { SIM_BIN } from './sim-host.js';
import { execFile } from 'node:child_process';

export const ADMIN: Caller = { role: 'admin', identity: 'test admin', origin: 'test' };
export const OPERATOR: Caller = { role: 'operator', identity: 'test operator', origin: 'test' };
export const VIEWER: Caller = { role: 'viewer', identity: 'test viewer', origin: 'test' };

export class DaemonFixture {
  readonly events: QtuiEvent[] = [];

  private constructor(
    readonly dir: string,
    readonly paths: QtuiPaths,
    readonly env: NodeJS.ProcessEnv,
    public daemon: QtuiDaemon,
  ) {
    this.listen();
  }

  private listen(): void {
    this.daemon.ctx.events.subscribe((e) => this.events.push(e));
  }

  /** `autostart: 'under way'` returns while the service qubes are still being started. */
  static async start(opts: { hostMemMiB?: number; autostart?: 'done' | 'under way' } = {}): Promise<DaemonFixture> {
    const dir = mkdtempSync(join(tmpdir(), 'qtui-daemon-'));
    const paths: QtuiPaths = { stateDir: join(dir, 'state'), configDir: join(dir, 'config'), runtimeDir: join(dir, 'run'), simDir: join(dir, 'sim') };
    const env: NodeJS.ProcessEnv = { ...process.env, QTUI_HOST: 'sim', QTUI_SIM_HOST_MEM: String(opts.hostMemMiB ?? 16384) };
    const daemon = await QtuiDaemon.start(paths, env);
    if (opts.autostart !== 'under way') await daemon.autostarted;
    return new DaemonFixture(dir, paths, env, daemon);
  }

  run(argv: string[], caller: Caller = ADMIN, purpose?: RunPurpose): Promise<CommandResult> {
    return this.daemon.run(argv, caller, purpose);
  }

  /** Stops this daemon and starts another on the same folders (domains keep running). */
  async restart(): Promise<void> {
    await this.daemon.stop();
    this.daemon = await QtuiDaemon.start(this.paths, this.env);
    this.listen();
    await this.daemon.autostarted;
  }

  xl(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(join(SIM_BIN, 'xl'), args, { env: { ...this.env, QTUI_SIM_DIR: this.paths.simDir } }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout)));
    });
  }

  async running(): Promise<string[]> {
    const out = await this.xl('list');
    return out.split('\n').slice(1).map((l) => l.split(/\s+/)[0] ?? '').filter((n) => n !== '' && n !== 'Domain-0');
  }

  async teardown(): Promise<void> {
    await this.daemon.stop();
    for (const n of await this.running()) await this.xl('destroy', n).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
