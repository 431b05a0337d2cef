/**
 * Like tmux: any `qtui` invocation finds the daemon on its socket, or starts
 * it in the background and waits until it answers.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonClient } from '../api/socket-client.js';
import { socketPath, type QtuiPaths } from '../config/qtui-paths.js';

const START_TIMEOUT_MS = 20_000;

export async function connectIfRunning(paths: QtuiPaths): Promise<DaemonClient | null> {
  try {
    return await DaemonClient.connect(socketPath(paths));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') return null;
    throw e;
  }
}

const DAEMON_SEMI_SPACE = '--max-semi-space-size=2';

/** `cliPath` is the compiled CLI entry, started as `node cliPath daemon`. */
export async function ensureDaemon(paths: QtuiPaths, cliPath: string): Promise<DaemonClient> {
  const running = await connectIfRunning(paths);
  if (running) return running;
  mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
  const logPath = join(paths.stateDir, 'daemon.log');
  const log = openSync(logPath, 'a', 0o600);
  // The daemon draws for interactive clients: never let Ink think it runs in CI, where it draws only a last frame.
  // React's production build: its development build keeps a profiler record of every render (render-timeline.ts)
  // and costs more memory per client.
  const { CI: _ci, CONTINUOUS_INTEGRATION: _cint, ...env } = process.env;
  // A small young generation: every frame is short-lived garbage, and V8's default lets it grow to some 50 MiB
  // of resident memory between scavenges. Measured with 100 running qubes, one client and 10 panes: 108-117 MiB
  // instead of 138-170, for about a fifth of a flooding pane's throughput (still about twice tmux's).
  const child = spawn(process.execPath, [DAEMON_SEMI_SPACE, cliPath, 'daemon'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...env, NODE_ENV: 'production', QTUI_STATE_DIR: paths.stateDir, QTUI_CONFIG_DIR: paths.configDir, QTUI_RUNTIME_DIR: paths.runtimeDir, QTUI_SIM_DIR: paths.simDir },
  });
  closeSync(log);
  child.unref();
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const c = await connectIfRunning(paths);
    if (c) return c;
    // A daemon that lost the start race to another exits 0; the winner will answer soon.
    if (exited !== null && exited !== 0) throw new Error(`the daemon failed to start (exit ${exited}); see ${logPath}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the daemon did not answer within ${START_TIMEOUT_MS / 1000} s; see ${logPath}`);
}
