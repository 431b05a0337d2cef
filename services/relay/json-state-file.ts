/** The relay's small state files (USB assignments, firewall rules): JSON, written atomically. */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../store/atomic-file.js';

/** The parsed content of `path`, or `missing` when there is no such file. */
export function readJsonState(path: string, missing: unknown): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export async function writeJsonState(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
