/**
 * Where the xl.cfg tests find their inputs: the lab's real config files
 * (copied from ../shared/xenlab/configure-rootfs.sh into test/fixtures/xl-cfg)
 * and the captured output of real xl (../shared/xen-samples, or
 * QTUI_XEN_SAMPLES). Missing samples fail the test: they are the reference.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export function labCfg(name: 'xenlab-min.cfg' | 'xenlab-full.cfg' | 'xenlab-vchan.cfg'): string {
  return readFileSync(join(repoRoot, 'test', 'fixtures', 'xl-cfg', name), 'utf8');
}

function samplesDir(): string {
  const dir = process.env['QTUI_XEN_SAMPLES'] ?? join(repoRoot, '..', 'shared', 'xen-samples');
  if (!existsSync(join(dir, 'index.json'))) throw new Error(`Xen samples not found at ${dir} (set QTUI_XEN_SAMPLES)`);
  return dir;
}

export interface Sample {
  command: string;
  exitCode: number;
  stderr: string;
}

export function sample(name: string): Sample {
  const dir = samplesDir();
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { name: string; command: string; exit_code: number }[];
  const entry = index.find((e) => e.name === name);
  if (!entry) throw new Error(`sample ${name} is not in index.json`);
  const errFile = join(dir, `${name}.err`);
  return { command: entry.command, exitCode: entry.exit_code, stderr: existsSync(errFile) ? readFileSync(errFile, 'utf8') : '' };
}
