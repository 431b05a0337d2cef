/**
 * One daemon per host: it holds `daemon.pid` in the runtime folder, created
 * exclusively. A file left by a daemon that died is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { processAlive } from '../../xen-bridge/process-group.js';


export function readPid(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Returns a release function, or the pid of the live daemon that holds the lock. */
export function takePidLock(path: string): (() => void) | number {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        if (readPid(path) === process.pid) unlinkSync(path);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = readPid(path);
    if (owner !== null && processAlive(owner)) return owner;
    try {
      unlinkSync(path);
    } catch {
      // Another starter removed it first; try again.
    }
  }
  throw new Error(`cannot take the daemon lock ${path}`);
}
