/**
 * Finds the processes of a simulated guest by reading /proc directly, so
 * `xl list` and `xentop` can ask for every domain's CPU time cheaply.
 *
 * A guest is not one process group: its interactive shell gives every job its
 * own group, and rc.local runs in a session of its own. So a guest process is
 * one that is in one of the guest's recorded sessions or a child of the
 * supervisor, or descends from such a process, or is a daemon that left the
 * sessions (setsid, double fork) but still carries the guest's environment
 * marker (QTUI_SIM_DIR + QTUI_SIM_DOMID).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { GuestSession } from '../sim-state.js';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  /** One letter: R running, S sleeping, T stopped, Z zombie, ... */
  state: string;
  ppid: number;
  sid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  cpuTicks: number;
  startTicks: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields start after the last ')'. */
export function parseProcStat(pid: number, text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // Fields after the name, numbered as in proc(5) from 3 (state) on.
  const f = text.slice(close + 2).split(' ');
  const field = (n: number): number => Number(f[n - 3]);
  const state = f[0];
  if (state === undefined) return undefined;
  return {
    pid,
    state,
    ppid: field(4),
    sid: field(6),
    cpuTicks: field(14) + field(15) + field(16) + field(17),
    startTicks: field(22),
  };
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(pid, readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}

/** Every process on the host by pid: one read of /proc/<pid>/stat each, the expensive part of a scan. */
export function readAllProcesses(): Map<number, ProcStat> {
  const byPid = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readProcStat(pid);
    if (stat) byPid.set(pid, stat);
  }
  return byPid;
}

export interface GuestIdentity {
  sessions: readonly GuestSession[];
  /** Absolute QTUI_SIM_DIR and the domid, as set in every guest process's environment. */
  simDir: string;
  domid: number;
  /** The supervisor is never part of its own guest. */
  supervisorPid: number;
}

function carriesMarker(pid: number, markers: readonly string[]): boolean {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return false;
  }
  const vars = new Set(environ.split('\0'));
  return markers.every((m) => vars.has(m));
}

/** The live (non-zombie) processes of the guest, session leaders first; byPid may be a recent snapshot. */
export function guestProcesses(guest: GuestIdentity, byPid: ReadonlyMap<number, ProcStat> = readAllProcesses()): ProcStat[] {
  // A session whose leader is alive with another start time is a recycled pid, not the guest's.
  const sids = new Set(
    guest.sessions.filter((s) => {
      const leader = byPid.get(s.sid);
      return leader === undefined || leader.startTicks === s.startTicks;
    }).map((s) => s.sid),
  );
  const markers = [`QTUI_SIM_DIR=${guest.simDir}`, `QTUI_SIM_DOMID=${guest.domid}`];
  const members = new Set<number>();
  for (const p of byPid.values()) {
    if (p.pid === guest.supervisorPid || p.pid === process.pid) continue;
    // The supervisor's children are the guest even before they reach setsid (a pty child paused at birth never does).
    if (sids.has(p.sid) || (guest.supervisorPid > 0 && p.ppid === guest.supervisorPid)) {
      members.add(p.pid);
      continue;
    }
    // Only processes that look daemonized can have escaped the sessions; reading everyone's environ would cost too much.
    const escaped = p.ppid === 1 || p.sid === p.pid || !byPid.has(p.sid);
    if (escaped && guest.sessions.length > 0 && carriesMarker(p.pid, markers)) members.add(p.pid);
  }
  const children = new Map<number, number[]>();
  for (const p of byPid.values()) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const queue = [...members];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (!members.has(child) && child !== guest.supervisorPid) {
        members.add(child);
        queue.push(child);
      }
    }
  }
  return [...members]
    .map((pid) => byPid.get(pid))
    .filter((p): p is ProcStat => p !== undefined && p.state !== 'Z' && p.state !== 'X')
    .sort((a, b) => Number(b.pid === b.sid) - Number(a.pid === a.sid));
}

/** Sends sig to every process of the guest; a process that vanished meanwhile is no error. */
export function signalGuest(guest: GuestIdentity, sig: NodeJS.Signals, order: 'leaders-first' | 'leaders-last' = 'leaders-first'): number {
  const procs = guestProcesses(guest);
  if (order === 'leaders-last') procs.reverse();
  for (const p of procs) {
    try {
      process.kill(p.pid, sig);
    } catch {
      // Exited between the scan and the signal.
    }
  }
  return procs.length;
}
