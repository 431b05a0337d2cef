/**
 * What the simulated `xl` calls to run, control and observe a domain: it
 * starts the domain's supervisor process and talks to it over its socket.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendXenstoreEvents, readSimState, supervisorSocket, withSimState } from '../sim-state.js';
import type { SimDomain } from '../sim-state.js';
import { CLOCK_TICKS_PER_SECOND, guestProcesses, readAllProcesses, readProcStat, signalGuest } from './guest-tree.js';
import type { GuestIdentity, ProcStat } from './guest-tree.js';
import { FirstLineReader, parseReply } from './supervisor-protocol.js';
import type { ControlAction, SupervisorReply, SupervisorRequest } from './supervisor-protocol.js';

const START_TIMEOUT_MS = 8000;
const REQUEST_TIMEOUT_MS = 5000;
const DESTROY_REQUEST_TIMEOUT_MS = 1000;
const GONE_WAIT_MS = 3000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function supervisorMainPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'supervisor-main.js');
  if (existsSync(sibling)) return sibling;
  // Loaded from the TypeScript sources (under vitest): the compiled supervisor is in dist/.
  const built = join(here, '../../../dist/xen-bridge/sim/supervisor/supervisor-main.js');
  if (existsSync(built)) return built;
  throw new Error(`the compiled domain supervisor is missing (${built}): run npm run build`);
}

function supervisorLog(simDir: string, domid: number): string {
  return join(resolve(simDir), 'run', `dom-${domid}.log`);
}

function logTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-2000).trim();
  } catch {
    return '(no log)';
  }
}

/**
 * Starts the supervisor of a domain that is already in the state (supervisorPid 0):
 * a detached process that outlives the caller. Resolves with its pid once it listens.
 */
export async function startSupervisor(simDir: string, domid: number): Promise<number> {
  const dir = resolve(simDir);
  const logPath = supervisorLog(dir, domid);
  mkdirSync(dirname(logPath), { recursive: true });
  const logFd = openSync(logPath, 'a');
  const env = { ...process.env };
  // An xl run inside a simulated guest must not mark the new supervisor as part of that guest.
  delete env.QTUI_SIM_DOMID;
  delete env.QTUI_SIM_DOMNAME;
  let child;
  try {
    child = spawn(process.execPath, [supervisorMainPath(), dir, String(domid), '--ready-fd=3'], {
      cwd: dir,
      env,
      detached: true,
      stdio: ['ignore', logFd, logFd, 'pipe'],
    });
  } finally {
    closeSync(logFd);
  }
  const ready = child.stdio[3];
  const pid = child.pid;
  if (!ready || pid === undefined) throw new Error(`domain ${domid}: the supervisor could not be spawned`);
  try {
    await new Promise<void>((res, rej) => {
      const failed = (why: string): void => rej(new Error(`domain ${domid}: the supervisor ${why}; its log ${logPath} says:\n${logTail(logPath)}`));
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        failed(`did not come up within ${START_TIMEOUT_MS} ms`);
      }, START_TIMEOUT_MS);
      let text = '';
      ready.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('ready\n')) {
          clearTimeout(timer);
          res();
        }
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        failed(`could not start (${e.message})`);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        failed(`exited during start (${signal ?? `code ${code}`})`);
      });
    });
  } finally {
    ready.destroy();
    child.removeAllListeners();
    child.unref();
  }
  return pid;
}

/** Sends one request to the supervisor and returns its one-line reply. */
function request(simDir: string, domid: number, req: SupervisorRequest, timeoutMs: number): Promise<SupervisorReply> {
  return new Promise((res, rej) => {
    const sock = connect(supervisorSocket(simDir, domid));
    const reader = new FirstLineReader();
    const timer = setTimeout(() => {
      sock.destroy();
      rej(new Error(`the supervisor of domain ${domid} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('connect', () => sock.write(`${JSON.stringify(req)}\n`));
    sock.on('data', (chunk: Buffer) => {
      const first = reader.push(chunk);
      if (!first) return;
      clearTimeout(timer);
      sock.destroy();
      res(parseReply(first.line));
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      rej(new Error(`cannot reach the supervisor of domain ${domid}: ${e.message}`));
    });
    sock.on('close', () => {
      clearTimeout(timer);
      rej(new Error(`the supervisor of domain ${domid} hung up without an answer`));
    });
  });
}

/**
 * shutdown/reboot ask the guest to stop and return at once (like xl without -w);
 * the domain leaves the state (or comes back under a new domid) when its guest is gone.
 * pause/unpause stop/continue every guest process and set `paused` in the state.
 */
export async function controlDomain(simDir: string, domid: number, op: Exclude<ControlAction, 'destroy'>): Promise<void> {
  const reply = await request(resolve(simDir), domid, { op: 'control', action: op }, REQUEST_TIMEOUT_MS);
  if (!reply.ok) throw new Error(reply.error);
}

function findDomain(simDir: string, domid: number): SimDomain | undefined {
  return readSimState(simDir).domains.find((d) => d.domid === domid);
}

function identityOf(simDir: string, d: SimDomain): GuestIdentity {
  // The children of a recycled supervisor pid are someone else's.
  const supervisorPid = d.supervisorPid > 0 && isSupervisorOf(d.supervisorPid, simDir) ? d.supervisorPid : 0;
  return { sessions: d.guestSessions ?? [], simDir, domid: d.domid, supervisorPid };
}

/** Guards against a recycled pid: only a supervisor of this simulated host is ever killed. */
function isSupervisorOf(pid: number, simDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.some((a) => a.endsWith('supervisor-main.js')) && args.includes(simDir);
  } catch {
    return false;
  }
}

function alive(stat: ProcStat | undefined): boolean {
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/**
 * Kills the domain's whole process tree at once and removes it from the state.
 * Asks the supervisor first; if it is dead or wedged, kills it and the guest by their recorded pids.
 */
export async function destroyDomain(simDir: string, domid: number): Promise<void> {
  const dir = resolve(simDir);
  const d = findDomain(dir, domid);
  if (!d) throw new Error(`domain ${domid} does not exist`);
  const supervisorPid = d.supervisorPid;
  let clean = false;
  try {
    clean = (await request(dir, domid, { op: 'control', action: 'destroy' }, DESTROY_REQUEST_TIMEOUT_MS)).ok;
  } catch {
    // Dead or wedged: done by hand below.
  }
  if (!clean) {
    // Frozen first, so it cannot react to its guest dying, but alive, so its children can still be found as its children.
    const ours = supervisorPid > 0 && isSupervisorOf(supervisorPid, dir);
    if (ours) process.kill(supervisorPid, 'SIGSTOP');
    const guest = identityOf(dir, d);
    const deadline = Date.now() + GONE_WAIT_MS;
    while (signalGuest(guest, 'SIGKILL') > 0 && Date.now() < deadline) await sleep(20);
    if (ours) process.kill(supervisorPid, 'SIGKILL');
    await withSimState(dir, (state) => {
      const i = state.domains.findIndex((x) => x.domid === domid);
      if (i < 0) return;
      state.domains.splice(i, 1);
      appendXenstoreEvents(dir, ['@releaseDomain']);
    });
    try {
      unlinkSync(supervisorSocket(dir, domid));
    } catch {
      // The supervisor removed it.
    }
  }
  const deadline = Date.now() + GONE_WAIT_MS;
  while (supervisorPid > 0 && alive(readProcStat(supervisorPid)) && isSupervisorOf(supervisorPid, dir) && Date.now() < deadline) await sleep(20);
}

/**
 * `xl list` asks for the CPU time and the run state of every domain in turn; one
 * snapshot of /proc serves a whole synchronous pass over the domains (reading it
 * costs milliseconds per hundred processes) and is dropped before anything else runs.
 */
let snapshot: ReadonlyMap<number, ProcStat> | undefined;

function currentProcesses(): ReadonlyMap<number, ProcStat> {
  if (!snapshot) {
    snapshot = readAllProcesses();
    setImmediate(() => (snapshot = undefined)).unref();
  }
  return snapshot;
}

/** The live processes of the domain's guest (none when the domain does not exist). */
export function guestProcessesOf(simDir: string, domid: number): ProcStat[] {
  const dir = resolve(simDir);
  const d = findDomain(dir, domid);
  return d ? guestProcesses(identityOf(dir, d), currentProcesses()) : [];
}

/** CPU time used by the guest's processes (and the children they reaped), in seconds. */
export function guestCpuSeconds(simDir: string, domid: number): number {
  return guestProcessesOf(simDir, domid).reduce((sum, p) => sum + p.cpuTicks, 0) / CLOCK_TICKS_PER_SECOND;
}

/** True when some process of the guest is on a CPU or runnable (xl list's `r`). */
export function guestRunning(simDir: string, domid: number): boolean {
  return guestProcessesOf(simDir, domid).some((p) => p.state === 'R');
}
