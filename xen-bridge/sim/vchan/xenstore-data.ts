/**
 * The simulated host's stand-in for xenstore writes: one file per key.
 * vchan-socket-proxy writes only one value, "running" at its --state-path,
 * and never clears it (it goes stale when the proxy exits, as in Xen).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { absoluteXenstorePath, xenstoreDataPath } from './vchan-sim-paths.js';

export function writeXenstoreValue(simDir: string, ownDomid: number, path: string, value: string): void {
  const file = xenstoreDataPath(simDir, absoluteXenstorePath(path, ownDomid));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, value);
}
