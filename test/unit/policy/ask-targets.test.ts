/**
 * The choices an ask question offers agree with what evaluate() decides for
 * each of them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askTargets } from '../../../services/policy/ask-targets.js';
import { evaluate } from '../../../services/policy/policy-evaluator.js';
import { loadPolicy } from '../../../services/policy/policy-loader.js';
import { FIXTURES, TEST_QUBE_NAMES, testQubes } from './policy-test-host.js';

const policy = loadPolicy(join(FIXTURES, 'realistic'));
const request = (service: string, source: string) => ({ service, argument: '', source, target: '@default' });

describe('askTargets', () => {
  it('offers every target not denied, without the caller, with disposable bases as @dispvm:NAME', () => {
    const offered = askTargets(policy, request('qubes.Filecopy', 'work'), testQubes, TEST_QUBE_NAMES);
    expect(offered).toEqual([
      'work-web', 'personal', 'untrusted', 'default-dvm', '@dispvm:default-dvm', 'work-dvm', '@dispvm:work-dvm', 'not-dvm',
      'disp1234', 'disp77', 'fedora-41', 'whonix-ws', 'sys-net', 'sys-firewall', 'sys-gui', 'from-aa', 'from-aub', 'from-a-z',
    ]);
    // vault (tag), legacy (StandaloneVM) and dom0 (no rule) are denied, so not offered.
    for (const t of ['vault', 'legacy', '@adminvm']) {
      expect(evaluate(policy, { ...request('qubes.Filecopy', 'work'), target: t }, testQubes).action).toBe('deny');
    }
  });

  it('follows deny rules placed before allows, and include-service files', () => {
    expect(askTargets(policy, request('qubes.OpenInVM', 'personal'), testQubes, TEST_QUBE_NAMES)).toEqual(['@dispvm:default-dvm']);
    expect(askTargets(policy, request('qubes.Gpg', 'personal'), testQubes, TEST_QUBE_NAMES)).toEqual(['vault']);
    expect(askTargets(policy, request('qubes.Filecopy', 'vault'), testQubes, TEST_QUBE_NAMES)).toEqual([]);
  });

  it('offers dom0 as @adminvm, except to dom0 itself', () => {
    expect(askTargets(policy, request('qubes.GetDate', 'work'), testQubes, TEST_QUBE_NAMES)).toEqual(['@adminvm']);
    expect(askTargets(policy, request('test.Star', 'dom0'), testQubes, TEST_QUBE_NAMES)).toEqual([]);
    expect(askTargets(policy, request('test.Star', '@adminvm'), testQubes, TEST_QUBE_NAMES)).toEqual([]);
  });
});
