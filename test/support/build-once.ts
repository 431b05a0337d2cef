/**
 * Compiles the project into dist/ (tsc -p tsconfig.build.json) before tests
 * that run the compiled executables, at most once per change of the sources:
 * a stamp file records when the last build started, and a lock directory
 * keeps parallel test files (vitest workers are separate processes) from
 * running tsc at the same time. Call `await buildOnce()` in a beforeAll.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SOURCE_DIRS = ['xen-bridge', 'services', 'netvm', 'guivm', 'usbvm', 'tui', 'bin'];
const DIST = join(REPO_ROOT, 'dist');
const STAMP = join(DIST, '.build-once-stamp');
const LOCK = join(DIST, '.build-once-lock');
const LOCK_WAIT_MS = 120_000;

/** Outputs the simulated host's tests cannot run without; a build that leaves them out fails. */
const REQUIRED = ['xen-bridge/sim/xl-main.js', 'xen-bridge/sim/xentop-main.js', 'xen-bridge/sim/xenstore-watch-main.js'];

function newestSourceMs(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSourceMs(p));
    else if (/\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  if (!existsSync(STAMP) || REQUIRED.some((f) => !existsSync(join(DIST, f)))) return false;
  const built = statSync(STAMP).mtimeMs;
  return SOURCE_DIRS.every((d) => newestSourceMs(join(REPO_ROOT, d)) <= built);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        // Just created, pid not written yet: wait like for a live owner.
      }
      if (owner > 0 && !pidAlive(owner)) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`build-once: ${LOCK} is held by pid ${owner}`, { cause: e });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function runTsc(): Promise<string> {
  return new Promise((resolve) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, maxBuffer: 16 << 20 }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

let building: Promise<void> | undefined;

export function buildOnce(): Promise<void> {
  building ??= withLock(async () => {
    if (upToDate()) return;
    const startedAt = new Date();
    // tsc still emits when other parts of the tree have type errors (work in progress elsewhere),
    // so only missing outputs make the build fail.
    const output = await runTsc();
    const missing = REQUIRED.filter((f) => !existsSync(join(DIST, f)) || statSync(join(DIST, f)).mtimeMs < startedAt.getTime() - 1000);
    if (missing.length > 0) throw new Error(`tsc -p tsconfig.build.json did not produce ${missing.join(', ')}:\n${output}`);
    writeFileSync(STAMP, '');
    utimesSync(STAMP, startedAt, startedAt);
  });
  return building;
}
