/**
 * Ends everything a pane's program started. A pty child leads its own
 * session, and an interactive shell puts each job in a process group of its
 * own, so killing the leader's group would leave background jobs running:
 * every process of the session is signalled instead.
 */
import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 20;

/** Live (non-zombie) processes of a session. */
export function sessionMembers(sid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    // The command name is in parentheses and may contain ") ", so split after the last one.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[3]) === sid && fields[0] !== 'Z' && fields[0] !== 'X') pids.push(Number(entry));
  }
  return pids;
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Exited meanwhile.
    }
  }
}

/** Sends `first` to every process of the session, SIGKILL after `graceMs`; resolves once none is left. */
export async function terminateSession(sid: number, graceMs: number, first: NodeJS.Signals = 'SIGHUP'): Promise<void> {
  let left = sessionMembers(sid);
  signalAll(left, first);
  const killAt = Date.now() + graceMs;
  // Bounded: after SIGKILL a process dies as soon as the kernel schedules it.
  for (let i = 0; i < 10_000 && left.length > 0; i++) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    left = sessionMembers(sid);
    if (Date.now() >= killAt) signalAll(left, 'SIGKILL');
  }
}
