/**
 * The simulated Xen host's state: one JSON file in QTUI_SIM_DIR, read and
 * written under an exclusive lock so concurrent `xl` invocations are safe,
 * and replaced atomically so a crash mid-write leaves the old or the new file.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { XlConfig } from '../xl-cfg/xl-config.js';
import { installSimBootFiles } from './sim-boot-files.js';

export const SIM_STATE_VERSION = 1;

export interface SimDevice {
  devid: number;
}

export interface SimNic extends SimDevice {
  mac: string;
  ip?: string;
  backend: string;
  bridge?: string;
  script?: string;
}

export interface SimDisk extends SimDevice {
  /** Xen's numeric vdev (e.g. 51712 for xvda). */
  vdevNumber: number;
  vdev: string;
  target: string;
  format: string;
  access: 'ro' | 'rw';
  backend: string;
}

export interface SimUsbCtrl extends SimDevice {
  version: number;
  ports: number;
  type: string;
  backend: string;
}

export interface SimUsbDev {
  ctrl: number;
  port: number;
  hostbus: number;
  hostaddr: number;
  backend: string;
}

/**
 * A session of the guest's process tree, identified by its leader's pid and
 * start time (clock ticks since boot), so a recycled pid is never taken for it.
 */
export interface GuestSession {
  sid: number;
  startTicks: number;
}

export interface SimDomain {
  domid: number;
  name: string;
  uuid: string;
  config: XlConfig;
  /** Current memory target, MiB (mem-set changes it). */
  memoryMiB: number;
  maxmemMiB: number;
  /** Online vCPUs (vcpu-set changes it; config.vcpus is the maximum). */
  vcpusOnline: number;
  /** Epoch milliseconds when the domain was built. */
  createdAtMs: number;
  /** Paused by `xl pause` (or created with `-p`). */
  paused: boolean;
  /** Set while a shutdown was requested and the guest has not finished. */
  shuttingDown: boolean;
  /** PID of the supervisor holding the guest's process tree; 0 before it runs. */
  supervisorPid: number;
  /** The sessions the guest's processes live in (its console shell's, rc.local's); the supervisor writes them. */
  guestSessions?: GuestSession[];
  nics: SimNic[];
  disks: SimDisk[];
  usbctrls: SimUsbCtrl[];
  usbdevs: SimUsbDev[];
}

export interface SimState {
  version: number;
  /** Total host memory in MiB (xl info total_memory). */
  totalMemoryMiB: number;
  dom0MemoryMiB: number;
  nextDomid: number;
  /** Epoch milliseconds the simulated host "booted". */
  bootedAtMs: number;
  domains: SimDomain[];
}

export function simDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.QTUI_SIM_DIR;
  if (!dir) throw new Error('QTUI_SIM_DIR is not set: the simulated Xen host needs a state directory');
  return dir;
}

function statePath(dir: string): string {
  return join(dir, 'state.json');
}

function initialState(env: NodeJS.ProcessEnv): SimState {
  return {
    version: SIM_STATE_VERSION,
    totalMemoryMiB: Number(env.QTUI_SIM_HOST_MEM ?? 16384),
    dom0MemoryMiB: Number(env.QTUI_SIM_DOM0_MEM ?? 1024),
    nextDomid: 1,
    bootedAtMs: Date.now(),
    domains: [],
  };
}

export function readSimState(dir: string, env: NodeJS.ProcessEnv = process.env): SimState {
  let text: string;
  try {
    text = readFileSync(statePath(dir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return initialState(env);
    throw e;
  }
  const state = JSON.parse(text) as SimState;
  if (state.version !== SIM_STATE_VERSION) throw new Error(`simulated host state version ${state.version} is not ${SIM_STATE_VERSION}`);
  return state;
}

function writeSimState(dir: string, state: SimState): void {
  const tmp = `${statePath(dir)}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state, null, 1));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, statePath(dir));
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

const LOCK_WAIT_MS = 10_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An O_EXCL lock file holding the owner's pid; a lock whose owner died is taken over. */
async function acquireLock(dir: string): Promise<() => void> {
  const lockPath = join(dir, 'state.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockPath);
        } catch {
          // Already gone: a stale-lock takeover by another process after we died is the only way.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: number;
    try {
      owner = Number(readFileSync(lockPath, 'utf8'));
    } catch {
      continue;
    }
    if (owner > 0 && !pidAlive(owner)) {
      // Remove only if it is still the dead owner's lock (another waiter may have taken it over).
      try {
        if (Number(readFileSync(lockPath, 'utf8')) === owner) unlinkSync(lockPath);
      } catch {
        // Raced with another waiter; loop and try again.
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`simulated host state is locked by pid ${owner}`);
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
  }
}

/**
 * Runs fn on the current state under the lock; whatever fn leaves in the
 * state object is written back (atomically) before the lock is released.
 */
export async function withSimState<T>(dir: string, fn: (state: SimState) => T | Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const release = await acquireLock(dir);
  try {
    // The host comes up with its first state: that is when its /boot is made.
    if (!existsSync(statePath(dir))) installSimBootFiles(dir);
    const state = readSimState(dir, env);
    const result = await fn(state);
    writeSimState(dir, state);
    return result;
  } finally {
    release();
  }
}

/** xenstore-watch reads this log: one watch path per line, appended as domains come and go. */
export function xenstoreEventLog(dir: string): string {
  return join(dir, 'xenstore-events.log');
}

export function appendXenstoreEvents(dir: string, paths: readonly string[]): void {
  appendFileSync(xenstoreEventLog(dir), paths.map((p) => `${p}\n`).join(''));
}

/** The folder that is the simulated guest's own filesystem (its shell's working directory). */
export function domainFolder(dir: string, name: string): string {
  return join(dir, 'domains', name);
}

/** The supervisor of a running domain listens here for control requests and console clients. */
export function supervisorSocket(dir: string, domid: number): string {
  return join(dir, 'run', `dom-${domid}.sock`);
}
