/**
 * The registry on disk: `qubes.json` in the state folder (QTUI_STATE_DIR),
 * replaced atomically on every save. A missing file means a first start; a
 * file that cannot be read back is an error for the user to resolve, never a
 * reason to write a fresh system over their data.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegistryOptions } from '../registry/registry.js';
import { Registry } from '../registry/registry.js';
import { RegistryError } from '../registry/registry-error.js';
import { seedRegistry } from '../registry/seed.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-file.js';

export const REGISTRY_FILE = 'qubes.json';

export type StoreErrorKind = 'no-state-dir' | 'corrupt' | 'unsupported-schema';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

export function stateDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.QTUI_STATE_DIR;
  if (!dir) throw new StoreError('no-state-dir', 'QTUI_STATE_DIR is not set: the daemon needs a folder for its state', '');
  return dir;
}

export function registryPath(stateDir: string): string {
  return join(stateDir, REGISTRY_FILE);
}

/** The saved registry, or null when none was saved yet. */
export async function loadRegistry(stateDir: string, options: RegistryOptions = {}): Promise<Registry | null> {
  const path = registryPath(stateDir);
  await removeStaleTempFiles(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const keep = 'it was left untouched; repair it or move it away to start afresh';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StoreError('corrupt', `${path} is not valid JSON (${(e as Error).message}); ${keep}`, path);
  }
  try {
    return Registry.fromDocument(doc, options);
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    const kind = e.kind === 'unsupported-schema' ? 'unsupported-schema' : 'corrupt';
    throw new StoreError(kind, `${path}: ${e.message}; ${keep}`, path);
  }
}

export async function saveRegistry(stateDir: string, registry: Registry): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(registryPath(stateDir), `${JSON.stringify(registry.toDocument(), null, 2)}\n`);
}

/** Loads the saved registry, or on a first start seeds the default system and saves it. */
export async function openRegistry(stateDir: string, options: RegistryOptions = {}): Promise<{ registry: Registry; seeded: boolean }> {
  const loaded = await loadRegistry(stateDir, options);
  if (loaded) return { registry: loaded, seeded: false };
  const registry = seedRegistry(options);
  await saveRegistry(stateDir, registry);
  return { registry, seeded: true };
}

/**
 * Saves a registry after each change, one write at a time: changes that come
 * while a write runs are folded into the next one, so the file never goes
 * back to an older state and a burst of changes costs two writes, not many.
 */
export class RegistryAutosave {
  private running: Promise<void> | null = null;
  private pending = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly stateDir: string,
    private readonly registry: Registry,
    private readonly onError: (e: unknown) => void,
  ) {
    this.unsubscribe = registry.onChange(() => this.schedule());
  }

  private schedule(): void {
    this.pending = true;
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      this.pending = false;
      try {
        await saveRegistry(this.stateDir, this.registry);
      } catch (e) {
        this.onError(e);
      }
    }
    this.running = null;
  }

  /** Resolves once every change so far is on disk. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): void {
    this.unsubscribe();
  }
}
