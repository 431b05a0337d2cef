/**
 * Children of xen-bridge run as leaders of their own process group, so that a
 * timeout or a teardown can take down everything they started (xl forks
 * helpers; a shell wrapper may fork more) and nothing is left behind.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** How long to wait between polls while a group dies. */
const POLL_MS = 20;

/** Sends a signal to every process of the group; false if none was left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a process is alive and not a zombie. A killed orphan may stay a
 * zombie for a while when init does not reap promptly; it runs nothing, so it
 * counts as gone.
 */
export function processAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** Whether any live (non-zombie) process still belongs to the group. */
export function groupAlive(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    // No /proc: fall back to the kernel's view, which counts zombies too.
    return signalGroup(pgid, 0);
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') return true;
  }
  return false;
}

/**
 * Ends a process group: `first` (SIGTERM by default), then SIGKILL after
 * `graceMs` if anything is still alive; resolves once nothing of it runs.
 */
export async function terminateGroup(pgid: number, graceMs = 1000, first: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!signalGroup(pgid, first)) return;
  const killAt = Date.now() + graceMs;
  let killed = false;
  // Bounded: after SIGKILL a process dies as soon as the kernel schedules it.
  for (let i = 0; i < 10_000 && groupAlive(pgid); i++) {
    if (!killed && Date.now() >= killAt) {
      signalGroup(pgid, 'SIGKILL');
      killed = true;
    }
    await sleep(POLL_MS);
  }
}

interface ProcStat {
  state: string;
  pgrp: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // The command name is in parentheses and may itself contain ") ", so split after the last one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  return state === undefined ? null : { state, pgrp };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
