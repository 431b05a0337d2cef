/**
 * Shared by the xen-bridge tests: where the fake Xen tools and the real
 * samples are, and throwaway folders that are always removed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const fakeXenDir = join(repoRoot, 'test', 'fixtures', 'fake-xen');

export function fakeTool(name: string): string {
  return join(fakeXenDir, name);
}

/** The real Xen 4.17 samples; missing samples fail the test instead of skipping it. */
export function samplesDir(): string {
  const dir = process.env['QTUI_XEN_SAMPLES'] ?? join(repoRoot, '..', 'shared', 'xen-samples');
  if (!existsSync(join(dir, 'index.json'))) throw new Error(`Xen samples not found at ${dir} (set QTUI_XEN_SAMPLES)`);
  return dir;
}

export function sample(name: string): string {
  return join(samplesDir(), name);
}

/** A fresh temp folder per call; `cleanup()` removes all of them. */
export function tempDirs(): { make: () => string; cleanup: () => void } {
  const made: string[] = [];
  return {
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), 'qtui-xen-bridge-'));
      made.push(dir);
      return dir;
    },
    cleanup: () => {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` is true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** list[i], failing the test when it is not there. */
export function nth<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new Error(`no item ${i} in a list of ${list.length}`);
  return item;
}
