import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One run of index.json: what was run, its exit code, and the files holding its output. */
export interface SampleEntry {
  name: string;
  command: string;
  exit_code: number;
  stdout: string | null;
  stderr: string | null;
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The capture of real Xen 4.17 output; the tests must not pass without it. */
export const samplesDir = process.env.QTUI_XEN_SAMPLES ?? resolve(repoRoot, '..', 'shared', 'xen-samples');

if (!existsSync(join(samplesDir, 'index.json'))) {
  throw new Error(`xen samples not found at ${samplesDir} (set QTUI_XEN_SAMPLES)`);
}

export const sampleIndex: readonly SampleEntry[] = JSON.parse(readFileSync(join(samplesDir, 'index.json'), 'utf8')) as SampleEntry[];

export function readSample(file: string | null): string {
  return file === null ? '' : readFileSync(join(samplesDir, file), 'utf8');
}

export function sampleEntry(name: string): SampleEntry {
  const entry = sampleIndex.find((e) => e.name === name);
  if (!entry) throw new Error(`no sample named ${name} in index.json`);
  return entry;
}

/** stdout of the sample called `name`. */
export function sampleOut(name: string): string {
  return readSample(sampleEntry(name).stdout);
}
