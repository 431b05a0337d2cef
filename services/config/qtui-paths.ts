/**
 * Where qtui keeps its state, configuration and sockets. Each folder can be
 * overridden so tests (and several hosts side by side) never collide; the
 * defaults follow XDG for a user and the FHS on a real dom0 run as root.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface QtuiPaths {
  /** Registry, volume pool, audit log. */
  stateDir: string;
  /** Config file, policy.d/, SSH authorized keys. */
  configDir: string;
  /** The daemon's socket and channel sockets. */
  runtimeDir: string;
  /** The simulated Xen host's state. */
  simDir: string;
}

export function resolvePaths(env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? 1000): QtuiPaths {
  const system = uid === 0;
  const home = env.HOME ?? homedir();
  const stateDir = env.QTUI_STATE_DIR ?? (system ? '/var/lib/qtui' : join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'qtui'));
  const configDir = env.QTUI_CONFIG_DIR ?? (system ? '/etc/qtui' : join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'qtui'));
  const runtimeDir = env.QTUI_RUNTIME_DIR ?? (system ? '/run/qtui' : join(env.XDG_RUNTIME_DIR ?? join('/tmp', `qtui-${uid}`), 'qtui'));
  const simDir = env.QTUI_SIM_DIR ?? join(stateDir, 'sim');
  return { stateDir, configDir, runtimeDir, simDir };
}

export function socketPath(paths: QtuiPaths): string {
  return join(paths.runtimeDir, 'qtui.sock');
}
