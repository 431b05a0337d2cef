import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REGISTRY_SCHEMA_VERSION } from '../../../services/registry/registry-document.js';
import { seedRegistry } from '../../../services/registry/seed.js';
import { loadRegistry, openRegistry, RegistryAutosave, registryPath, saveRegistry, stateDirFromEnv, StoreError } from '../../../services/store/registry-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qtui-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectStoreError(p: Promise<unknown>, kind: string, fragment: string): Promise<void> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).kind).toBe(kind);
  expect((err as StoreError).message).toContain(fragment);
}

describe('registry store', () => {
  it('finds nothing in a fresh folder', async () => {
    expect(await loadRegistry(dir)).toBeNull();
    expect(await loadRegistry(join(dir, 'not-yet'))).toBeNull();
  });

  it('saves qubes.json and loads the same registry back', async () => {
    const reg = seedRegistry();
    reg.set('work', 'memory', 2000);
    const state = join(dir, 'state');
    await saveRegistry(state, reg);
    expect(registryPath(state)).toBe(join(state, 'qubes.json'));
    const back = await loadRegistry(state);
    expect(back?.toDocument()).toEqual(reg.toDocument());
    expect(back?.getProperty('work', 'memory')).toEqual({ value: 2000, isDefault: false });
  });

  it('seeds and saves on a first start, then loads what was saved', async () => {
    const first = await openRegistry(dir);
    expect(first.seeded).toBe(true);
    first.registry.set('work', 'label', 'purple');
    await saveRegistry(dir, first.registry);
    const second = await openRegistry(dir);
    expect(second.seeded).toBe(false);
    expect(second.registry.getProperty('work', 'label').value).toBe('purple');
  });

  const CORRUPT: [string, string, string, string][] = [
    ['torn JSON', '{"schema": "qtui.registry", "vers', 'corrupt', 'not valid JSON'],
    ['an empty file', '', 'corrupt', 'not valid JSON'],
    ['a dangling reference', JSON.stringify({ ...seedRegistry().toDocument(), globals: { default_netvm: 'ghost' } }), 'corrupt', 'ghost'],
    ['a newer schema', JSON.stringify({ ...seedRegistry().toDocument(), version: REGISTRY_SCHEMA_VERSION + 1 }), 'unsupported-schema', 'newer'],
  ];

  it.each(CORRUPT)('refuses %s, names the file, and never reseeds over it', async (_what, text, kind, fragment) => {
    const path = registryPath(dir);
    await writeFile(path, text);
    await expectStoreError(loadRegistry(dir), kind, fragment);
    await expectStoreError(openRegistry(dir), kind, path);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['qubes.json']);
  });

  it('needs QTUI_STATE_DIR', () => {
    expect(stateDirFromEnv({ QTUI_STATE_DIR: dir })).toBe(dir);
    expect(() => stateDirFromEnv({})).toThrow(/QTUI_STATE_DIR/);
  });

  it('autosave writes every change, in order, and the last state wins', async () => {
    const reg = seedRegistry();
    const errors: unknown[] = [];
    const autosave = new RegistryAutosave(dir, reg, (e) => errors.push(e));
    for (let i = 1; i <= 50; i++) reg.set('work', 'memory', 400 + i);
    reg.addTag('work', 'last');
    await autosave.flush();
    const back = await loadRegistry(dir);
    expect(back?.getProperty('work', 'memory').value).toBe(450);
    expect(back?.tags('work')).toEqual(['last']);
    autosave.stop();
    reg.set('work', 'memory', 999);
    await autosave.flush();
    expect((await loadRegistry(dir))?.getProperty('work', 'memory').value).toBe(450);
    expect(errors).toEqual([]);
  });

  it('autosave reports a failed write instead of losing it silently', async () => {
    const reg = seedRegistry();
    const errors: unknown[] = [];
    // A file where the state folder should be makes every save fail.
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, '');
    const autosave = new RegistryAutosave(blocked, reg, (e) => errors.push(e));
    reg.set('work', 'memory', 500);
    await autosave.flush();
    expect(errors).toHaveLength(1);
    autosave.stop();
  });
});
