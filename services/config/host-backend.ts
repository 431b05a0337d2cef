/**
 * Real Xen or the simulated host. The choice changes only PATH (and
 * QTUI_SIM_DIR): the simulated tools are put first so xen-bridge runs them
 * exactly as it would run Xen's, and no other code knows which it got.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

export type HostKind = 'xen' | 'sim';

/** bin/sim of this checkout. */
export function simBinDir(): string {
  return join(REPO_ROOT, 'bin', 'sim');
}

function realXenWorks(env: NodeJS.ProcessEnv): boolean {
  if (!existsSync('/proc/xen')) return false;
  try {
    execFileSync(env.QTUI_XL ?? 'xl', ['info'], { stdio: 'ignore', timeout: 10_000, env });
    return true;
  } catch {
    return false;
  }
}

export function chooseHost(env: NodeJS.ProcessEnv = process.env): HostKind {
  const wanted = env.QTUI_HOST ?? 'auto';
  if (wanted === 'xen' || wanted === 'sim') return wanted;
  if (wanted !== 'auto') throw new Error(`QTUI_HOST must be auto, xen or sim, not ${JSON.stringify(wanted)}`);
  return realXenWorks(env) ? 'xen' : 'sim';
}

/** The environment the daemon runs Xen's tools with. */
export function hostEnvironment(kind: HostKind, simDir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (kind === 'xen') return { ...env };
  return { ...env, PATH: [simBinDir(), env.PATH ?? '/usr/bin:/bin'].join(delimiter), QTUI_SIM_DIR: simDir };
}
