/**
 * The compiled daemon in a plain Node process of its own (not the test
 * runner's, whose console lacks what React's development build looks for),
 * started the way `qtui daemon` starts by hand: React's development build, GC
 * exposed. It answers "probe" on stdin with counts of what it holds, after a
 * full GC, so a test can check that sessions leave nothing behind.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DaemonClient } from '../../../services/api/socket-client.js';
import { socketPath, type QtuiPaths } from '../../../services/config/qtui-paths.js';
import { buildOnce, REPO_ROOT, SIM_BIN } from '../../support/sim-host.js';

export interface DaemonProbe {
  /** Console sessions alive (console-session.ts's count). */
  sessions: number;
  /** Listeners on the event bus. */
  subscribers: number;
  /** Performance measures in the daemon's timeline. */
  measures: number;
  /** Bytes of JS heap in use after a full GC. */
  heapUsed: number;
}

const CHILD = `
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
const { QtuiDaemon } = await import(process.env.PROBE_DIST + '/services/daemon/qtui-daemon.js');
const { liveSessions } = await import(process.env.PROBE_DIST + '/services/sessions/console-session.js');
const e = process.env;
const daemon = await QtuiDaemon.start({ stateDir: e.QTUI_STATE_DIR, configDir: e.QTUI_CONFIG_DIR, runtimeDir: e.QTUI_RUNTIME_DIR, simDir: e.QTUI_SIM_DIR }, e);
await daemon.autostarted;
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stop') break;
  globalThis.gc();
  globalThis.gc();
  console.log(JSON.stringify({ sessions: liveSessions.sessions, subscribers: daemon.ctx.events.subscriberCount, measures: performance.getEntriesByType('measure').length, heapUsed: process.memoryUsage().heapUsed }));
}
await daemon.stop();
process.exit(0);
`;

export class ProbedDaemon {
  private readonly replies: ((line: string) => void)[] = [];

  private constructor(
    readonly dir: string,
    readonly paths: QtuiPaths,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly exited: Promise<void>,
  ) {
    // Only the probe's own lines: anything else the daemon prints is not a reply.
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready' || line.startsWith('{"sessions"')) this.replies.shift()?.(line);
    });
  }

  static async start(): Promise<ProbedDaemon> {
    await buildOnce();
    const dir = mkdtempSync(join(tmpdir(), 'qtui-probed-'));
    const paths: QtuiPaths = { stateDir: join(dir, 'state'), configDir: join(dir, 'config'), runtimeDir: join(dir, 'run'), simDir: join(dir, 'sim') };
    const { NODE_ENV: _testRunner, VITEST: _vitest, ...env } = process.env;
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', CHILD], {
      cwd: REPO_ROOT,
      env: { ...env, QTUI_HOST: 'sim', QTUI_STATE_DIR: paths.stateDir, QTUI_CONFIG_DIR: paths.configDir, QTUI_RUNTIME_DIR: paths.runtimeDir, QTUI_SIM_DIR: paths.simDir, PROBE_DIST: join(REPO_ROOT, 'dist') },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const probed = new ProbedDaemon(dir, paths, child, exited);
    const ready = await Promise.race([probed.nextLine(), exited.then(() => null)]);
    if (ready !== 'ready') throw new Error(`the daemon did not start: ${stderr}`);
    return probed;
  }

  get socket(): string {
    return socketPath(this.paths);
  }

  /** Runs a command over the daemon's socket, as `qtui` does; throws if it fails. */
  async run(...argv: string[]): Promise<void> {
    const client = await DaemonClient.connect(this.socket);
    try {
      const reply = await client.run(argv);
      if (!reply.ok) throw new Error(`${argv.join(' ')}: ${reply.error?.message ?? 'failed'}`);
    } finally {
      client.close();
    }
  }

  private nextLine(): Promise<string> {
    return new Promise((resolve) => this.replies.push(resolve));
  }

  async probe(): Promise<DaemonProbe> {
    const reply = this.nextLine();
    this.child.stdin.write('probe\n');
    return JSON.parse(await reply) as DaemonProbe;
  }

  private xl(...args: string[]): Promise<string> {
    return new Promise((resolve) => {
      execFile(join(SIM_BIN, 'xl'), args, { env: { ...process.env, QTUI_SIM_DIR: this.paths.simDir } }, (_err, stdout) => resolve(stdout));
    });
  }

  /** Stops the daemon, destroys every domain it left running and removes its folders. */
  async stop(): Promise<void> {
    this.child.stdin.end('stop\n');
    await this.exited;
    const names = (await this.xl('list')).split('\n').slice(1).map((l) => l.split(/\s+/)[0] ?? '').filter((n) => n !== '' && n !== 'Domain-0');
    for (const n of names) await this.xl('destroy', n);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
