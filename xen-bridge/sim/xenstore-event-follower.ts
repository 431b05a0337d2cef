/**
 * Follows the simulated host's xenstore event log from its current end, like
 * `tail -f`: fs.watch on the state directory for prompt delivery, plus a slow
 * poll because inotify can miss events (and is absent on some filesystems).
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename } from 'node:path';
import { xenstoreEventLog } from './sim-state.js';

const POLL_MS = 500;

export interface EventFollower {
  stop(): void;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function followXenstoreEvents(simDir: string, onEvent: (path: string) => void): EventFollower {
  mkdirSync(simDir, { recursive: true });
  const log = xenstoreEventLog(simDir);
  let offset = sizeOf(log);
  let partial = '';

  const drain = (): void => {
    let fd: number;
    try {
      fd = openSync(log, 'r');
    } catch {
      return;
    }
    try {
      const size = fstatSync(fd).size;
      // The log only grows; a smaller file means it was replaced, so read it from the start.
      if (size < offset) {
        offset = 0;
        partial = '';
      }
      if (size === offset) return;
      const buf = Buffer.alloc(size - offset);
      const n = readSync(fd, buf, 0, buf.length, offset);
      offset += n;
      const lines = (partial + buf.subarray(0, n).toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line !== '') onEvent(line);
    } finally {
      closeSync(fd);
    }
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(simDir, (_event, filename) => {
      if (filename === null || filename === basename(log)) drain();
    });
  } catch {
    // No inotify here: the poll alone delivers events.
  }
  const timer = setInterval(drain, POLL_MS);
  return {
    stop() {
      clearInterval(timer);
      watcher?.close();
    },
  };
}

/** xenstore's watch rule: the path itself or anything below it; "@" names match only exactly. */
export function watchMatches(watchPath: string, eventPath: string): boolean {
  if (eventPath === watchPath) return true;
  if (watchPath.startsWith('@')) return false;
  return eventPath.startsWith(watchPath.endsWith('/') ? watchPath : `${watchPath}/`);
}
