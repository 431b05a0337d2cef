/**
 * What `qtui policy eval` prints, for people and for scripts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDecision, formatPolicyErrors } from '../../../services/policy/decision-format.js';
import { evaluate } from '../../../services/policy/policy-evaluator.js';
import { loadPolicy } from '../../../services/policy/policy-loader.js';
import { splitServiceSpec } from '../../../services/policy/rpc-names.js';
import { FIXTURES, testQubes } from './policy-test-host.js';

const policy = loadPolicy(join(FIXTURES, 'realistic'));
const decide = (spec: string, source: string, target: string) => evaluate(policy, { ...splitServiceSpec(spec), source, target }, testQubes);

describe('formatDecision', () => {
  it('prints the verdict, the reason and the deciding line', () => {
    const text = formatDecision(decide('test.User', 'work', 'personal'));
    expect(text.split('\n')).toEqual([
      'allow target=personal user=root notify=yes',
      'reason: allowed by 60-redirects.policy:10',
      'rule:   60-redirects.policy:10: test.User      *       work          @anyvm         allow  user=root  notify=yes',
    ]);
  });

  it('prints ask with its default target, and no rule line when none decided', () => {
    expect(formatDecision(decide('qubes.Filecopy', 'work', '@default')).split('\n')[0]).toBe('ask default_target=work-web');
    expect(formatDecision(decide('no.Such', 'work', 'personal'))).toBe('deny\nreason: no rule matched');
    expect(formatDecision(decide('test.NoStart', 'personal', 'work')).split('\n')[0]).toBe('allow target=work autostart=no');
  });

  it('prints {action, target, file, line} as JSON, null where absent', () => {
    expect(JSON.parse(formatDecision(decide('qubes.OpenInVM', 'work', '@dispvm'), 'json'))).toEqual({
      action: 'allow',
      target: '@dispvm:default-dvm',
      file: '50-dispvm.policy',
      line: 4,
    });
    expect(formatDecision(decide('no.Such', 'work', 'personal'), 'json')).toBe('{"action":"deny","target":null,"file":null,"line":null}');
  });
});

describe('splitServiceSpec', () => {
  it('splits at the first +, keeping later ones in the argument', () => {
    expect(splitServiceSpec('qubes.Filecopy')).toEqual({ service: 'qubes.Filecopy', argument: '' });
    expect(splitServiceSpec('qubes.Gpg+')).toEqual({ service: 'qubes.Gpg', argument: '' });
    expect(splitServiceSpec('test.Arg+a+b')).toEqual({ service: 'test.Arg', argument: 'a+b' });
  });
});

describe('formatPolicyErrors', () => {
  it('prints one file:line: message per error', () => {
    const text = formatPolicyErrors([
      { file: '50-a.policy', line: 3, message: 'invalid action "permit" (allow, deny or ask)' },
      { file: '50-Upper.policy', line: 0, message: 'invalid file name' },
    ]);
    expect(text).toBe('50-a.policy:3: invalid action "permit" (allow, deny or ask)\n50-Upper.policy:0: invalid file name');
  });
});
