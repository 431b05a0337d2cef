/**
 * Boots a simulated guest: rc.local (the qube's own agents) in a session of
 * its own, then the interactive shell on a pty that is the domain's console.
 */
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import type { IPty } from 'node-pty';
import type { GuestSession } from '../sim-state.js';
import { readProcStat } from './guest-tree.js';

export interface GuestSpec {
  simDir: string;
  domid: number;
  name: string;
  /** The guest's own filesystem: its shell's cwd and HOME. */
  folder: string;
  cols: number;
  rows: number;
}

export interface BootedGuest {
  console: IPty;
  sessions: GuestSession[];
}

function guestEnv(spec: GuestSpec): Record<string, string> {
  const env: Record<string, string> = {
    HOME: spec.folder,
    USER: 'user',
    LOGNAME: 'user',
    PS1: `[user@${spec.name} \\W]$ `,
    TERM: 'xterm-256color',
    QTUI_SIM_DIR: spec.simDir,
    QTUI_SIM_DOMID: String(spec.domid),
    QTUI_SIM_DOMNAME: spec.name,
  };
  for (const inherited of ['PATH', 'LANG', 'LC_ALL', 'TZ']) {
    const value = process.env[inherited];
    if (value !== undefined) env[inherited] = value;
  }
  return env;
}

function session(pid: number): GuestSession {
  // A leader that already exited still names its session; its start time is then unknown (0 matches no live process).
  return { sid: pid, startTicks: readProcStat(pid)?.startTicks ?? 0 };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Starts rc.local if the qube has one; returns its session, or undefined. */
function startRcLocal(spec: GuestSpec, env: Record<string, string>): GuestSession | undefined {
  const script = join(spec.folder, 'rc.local');
  if (!existsSync(script) || !isExecutable(script)) return undefined;
  const log = openSync(join(spec.folder, 'rc.local.log'), 'a');
  try {
    const child = spawn(script, [], { cwd: spec.folder, env, detached: true, stdio: ['ignore', log, log] });
    child.on('error', (e) => console.error(`rc.local of ${spec.name}: ${e.message}`));
    if (child.pid === undefined) return undefined;
    return session(child.pid);
  } finally {
    closeSync(log);
  }
}

function shellCommand(): [string, string[]] {
  for (const bash of ['/bin/bash', '/usr/bin/bash']) {
    if (isExecutable(bash)) return [bash, ['--noprofile', '--norc', '-i']];
  }
  return ['/bin/sh', ['-i']];
}

export function bootGuest(spec: GuestSpec): BootedGuest {
  mkdirSync(spec.folder, { recursive: true });
  const env = guestEnv(spec);
  const sessions: GuestSession[] = [];
  const rc = startRcLocal(spec, env);
  if (rc) sessions.push(rc);
  const [file, args] = shellCommand();
  // node-pty makes the shell a session leader with the pty as its controlling terminal.
  const shell = pty.spawn(file, args, { name: env.TERM, cols: spec.cols, rows: spec.rows, cwd: spec.folder, env });
  sessions.unshift(session(shell.pid));
  return { console: shell, sessions };
}
