/**
 * Property-based fuzzing of every parser of outside input (see
 * fuzz-targets.ts); QTUI_FUZZ_CASES sets the cases per parser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { fuzzTargets } from './fuzz-targets.js';

const CASES = Number(process.env.QTUI_FUZZ_CASES ?? 2000);
const workDir = mkdtempSync(join(tmpdir(), 'qtui-fuzz-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('parsers of outside input refuse with typed errors, never crash or hang', () => {
  for (const t of fuzzTargets(workDir)) it(t.name, { timeout: 120_000 }, () => t.run(CASES));
});
