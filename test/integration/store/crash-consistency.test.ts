/**
 * Crash consistency of the store: a child process rewrites a file in a loop
 * and is SIGKILLed at random moments, hundreds of times; after every kill the
 * file must hold exactly one of the versions written, and the temporary files
 * left by killed writers must be cleaned up on the next load.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles } from '../../../services/store/atomic-file.js';
import { loadRegistry, saveRegistry } from '../../../services/store/registry-store.js';
import { seedRegistry } from '../../../services/registry/seed.js';
import { buildOnce, REPO_ROOT } from '../../support/build-once.js';

const DIST = join(REPO_ROOT, 'dist');
const FIXTURES = new URL('./fixtures/', import.meta.url);

let dir: string;
beforeAll(async () => {
  await buildOnce();
  for (const f of ['services/store/atomic-file.js', 'services/store/registry-store.js', 'services/registry/seed.js']) {
    if (!existsSync(join(DIST, f))) throw new Error(`the build did not produce dist/${f}`);
  }
  dir = await mkdtemp(join(tmpdir(), 'qtui-crash-'));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the child, waits until it is writing, lets it run a random moment, SIGKILLs it and waits for it to be gone. */
async function runAndKill(args: string[], maxRunMs: number): Promise<void> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      void exited.then((code) => reject(new Error(`writer exited (${code}) before it was killed: ${stderr}`)));
    });
    await new Promise((r) => setTimeout(r, Math.random() * maxRunMs));
    expect(child.exitCode, `writer died on its own: ${stderr}`).toBeNull();
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

describe('crash consistency', () => {
  it('a file rewritten by writeFileAtomic is always exactly A or B, whenever the writer is killed', async () => {
    const target = join(dir, 'atomic', 'doc.json');
    const refs = join(dir, 'refs');
    await mkdir(join(dir, 'atomic'));
    await mkdir(refs);
    const atomicUrl = pathToFileURL(join(DIST, 'services/store/atomic-file.js')).href;
    const writer = new URL('alternate-writer.mjs', FIXTURES).pathname;
    let a = '';
    let b = '';
    const seen = { A: 0, B: 0, leftovers: 0 };
    for (let i = 0; i < 300; i++) {
      await runAndKill([writer, atomicUrl, target, refs], 20);
      if (i === 0) {
        a = await readFile(join(refs, 'A.json'), 'utf8');
        b = await readFile(join(refs, 'B.json'), 'utf8');
        // The first run may be killed before its first rename: start from a known version.
        if (!existsSync(target)) await writeFile(target, a);
      }
      const text = await readFile(target, 'utf8');
      expect(text === a || text === b, `after kill ${i} the file is neither A nor B (${text.length} bytes)`).toBe(true);
      seen[text === a ? 'A' : 'B']++;
      if ((await removeStaleTempFiles(target)).length > 0) seen.leftovers++;
      expect(await readdir(join(dir, 'atomic')), `after kill ${i}`).toEqual(['doc.json']);
    }
    // Both versions were observed, and kills did land mid-write (they left temporary files behind).
    expect(seen.A).toBeGreaterThan(0);
    expect(seen.B).toBeGreaterThan(0);
    expect(seen.leftovers).toBeGreaterThan(0);
  }, 300_000);

  it('the registry saved by the store always loads, with one of the two saved states', async () => {
    const state = join(dir, 'state');
    await saveRegistry(state, seedRegistry());
    const saver = new URL('registry-saver.mjs', FIXTURES).pathname;
    const memories = new Set<unknown>();
    for (let i = 0; i < 30; i++) {
      await runAndKill([saver, `${pathToFileURL(DIST).href}/`, state], 40);
      const reg = await loadRegistry(state);
      const memory = reg?.getProperty('work', 'memory').value;
      expect([400, 401, 402], `after kill ${i}`).toContain(memory);
      memories.add(memory);
      // loadRegistry cleaned what the killed saver left.
      expect(await readdir(state), `after kill ${i}`).toEqual(['qubes.json']);
    }
    expect(memories.has(401) || memories.has(402)).toBe(true);
  }, 120_000);
});
