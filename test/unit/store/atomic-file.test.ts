import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../../services/store/atomic-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qtui-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: one that just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('writeFileAtomic', () => {
  it('creates and replaces the file, private to the user, leaving no temporary file', async () => {
    const target = join(dir, 'state.json');
    await writeFileAtomic(target, 'first');
    expect(await readFile(target, 'utf8')).toBe('first');
    await writeFileAtomic(target, new TextEncoder().encode('second'));
    expect(await readFile(target, 'utf8')).toBe('second');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('fails without touching anything when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'data')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('cleans its temporary file when the rename fails', async () => {
    const target = join(dir, 'adir');
    await mkdir(join(target, 'child'), { recursive: true });
    // Renaming a file over a non-empty directory fails.
    await expect(writeFileAtomic(target, 'data')).rejects.toBeTruthy();
    expect(await readdir(dir)).toEqual(['adir']);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes the temporary files of dead writers only', async () => {
    const target = join(dir, 'qubes.json');
    const dead = deadPid();
    const names = [`.qubes.json.${dead}.abc123.tmp`, `.qubes.json.${process.pid}.def456.tmp`, `.qubes.json.1.0a0a.tmp`, `.other.json.${dead}.abc.tmp`, 'qubes.json', 'notes.txt'];
    for (const n of names) await writeFile(join(dir, n), 'x');
    expect(await removeStaleTempFiles(target)).toEqual([`.qubes.json.${dead}.abc123.tmp`]);
    expect((await readdir(dir)).sort()).toEqual(names.slice(1).sort());
  });

  it('is quiet when the folder does not exist yet', async () => {
    expect(await removeStaleTempFiles(join(dir, 'nope', 'qubes.json'))).toEqual([]);
  });
});
