/**
 * Files are read in C-locale (byte) order, as qrexec sorts them: the
 * fixture's three names sort three different ways (bytes: a-z, a_b, aa;
 * ICU/localeCompare: a_b, a-z, aa; glibc en_US: aa, a_b, a-z), so only byte
 * order puts a-z.policy first. Files that are not `*.policy`, and hidden
 * ones, are not policy.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../services/policy/policy-evaluator.js';
import { loadPolicy } from '../../../services/policy/policy-loader.js';
import { FIXTURES, testQubes } from './policy-test-host.js';

describe('policy file order', () => {
  const policy = loadPolicy(join(FIXTURES, 'order'));

  it('reads *.policy files in byte order and nothing else', () => {
    expect(policy.errors).toEqual([]);
    expect(policy.files).toEqual(['a-z.policy', 'a_b.policy', 'aa.policy']);
    // The fixture is only a test of byte order if a locale-aware sort disagrees.
    expect([...policy.files].sort((a, b) => a.localeCompare(b))).not.toEqual(policy.files);
  });

  it('the first file in byte order decides', () => {
    const d = evaluate(policy, { service: 'test.Order', argument: '', source: 'work', target: 'personal' }, testQubes);
    expect(d).toMatchObject({ action: 'allow', target: 'from-a-z', file: 'a-z.policy', line: 1 });
  });
});
