/**
 * The engine against a realistic policy folder: several files, the three
 * include forms, tags, types, every dispvm form, redirects, ask with a
 * default target and deny overrides. Each case names the rule expected to
 * decide by its text; the test finds that text's line in the fixture, so
 * file and line are checked against the file itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../services/policy/policy-evaluator.js';
import { loadPolicy } from '../../../services/policy/policy-loader.js';
import { splitServiceSpec } from '../../../services/policy/rpc-names.js';
import { FIXTURES, testQubes } from './policy-test-host.js';

const FOLDER = join(FIXTURES, 'realistic');
const policy = loadPolicy(FOLDER);

const squash = (s: string): string => s.trim().split(/\s+/).join(' ');

/** The 1-based line of `rule` in a fixture file; throws when it is not there exactly once. */
function lineOf(file: string, rule: string): number {
  const lines = readFileSync(join(FOLDER, file), 'utf8').split('\n').map(squash);
  const hits = lines.flatMap((l, i) => (l === squash(rule) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${file}: expected one line "${rule}", found ${hits.length}`);
  return hits[0] ?? 0;
}

type Action = 'allow' | 'deny' | 'ask';
/** [SERVICE+ARG, source, target, action, resolved target, deciding file, deciding rule text] */
type Case = [string, string, string, Action, string | undefined, string | null, string | null];

const CASES: Case[] = [
  // deny overrides in the first file, whatever later files say
  ['test.Star', 'untrusted', 'dom0', 'deny', undefined, '10-overrides.policy', '* * untrusted @adminvm deny'],
  ['qubes.GetDate', 'untrusted', '@adminvm', 'deny', undefined, '10-overrides.policy', '* * untrusted @adminvm deny'],
  ['qubes.OpenInVM', 'disp1234', '@dispvm', 'deny', undefined, '10-overrides.policy', 'qubes.OpenInVM * @dispvm @anyvm deny'],
  ['qubes.OpenInVM', 'disp77', 'work', 'deny', undefined, '10-overrides.policy', 'qubes.OpenInVM * @dispvm @anyvm deny'],
  // file copies: tags, types, dispvm sources, @default
  ['qubes.Filecopy', 'work', 'work-web', 'allow', 'work-web', '20-files.policy', 'qubes.Filecopy * @tag:work @tag:work allow'],
  ['qubes.Filecopy', 'work', 'vault', 'deny', undefined, '20-files.policy', 'qubes.Filecopy * @anyvm @tag:vault deny'],
  ['qubes.Filecopy', 'vault', 'work', 'deny', undefined, '20-files.policy', 'qubes.Filecopy * @tag:vault @anyvm deny notify=no'],
  ['qubes.Filecopy', 'disp77', 'work', 'allow', 'work', '20-files.policy', 'qubes.Filecopy * @dispvm:@tag:work @tag:work allow'],
  ['qubes.Filecopy', 'work', '@default', 'ask', undefined, '20-files.policy', 'qubes.Filecopy * @tag:work @default ask default_target=work-web'],
  ['qubes.Filecopy', 'work', '', 'ask', undefined, '20-files.policy', 'qubes.Filecopy * @tag:work @default ask default_target=work-web'],
  ['qubes.Filecopy', 'fedora-41', 'work', 'deny', undefined, '20-files.policy', 'qubes.Filecopy * @type:TemplateVM @anyvm deny'],
  ['qubes.Filecopy', 'disp1234', 'personal', 'ask', 'personal', '20-files.policy', 'qubes.Filecopy * @dispvm:default-dvm @anyvm ask'],
  ['qubes.Filecopy', 'personal', 'legacy', 'deny', undefined, '20-files.policy', 'qubes.Filecopy * @anyvm @type:StandaloneVM deny'],
  ['qubes.Filecopy', 'personal', '@default', 'ask', undefined, '20-files.policy', 'qubes.Filecopy * @anyvm @anyvm ask'],
  ['qubes.Filecopy', 'personal', 'work', 'ask', 'work', '20-files.policy', 'qubes.Filecopy * @anyvm @anyvm ask'],
  ['qubes.Filecopy', 'personal', 'dom0', 'deny', undefined, null, null],
  // !include: clipboard
  ['qubes.ClipboardPaste', 'untrusted', 'work', 'deny', undefined, 'include/clipboard.rules', 'qubes.ClipboardPaste * @tag:untrusted @tag:work deny'],
  ['qubes.ClipboardPaste', 'work', 'dom0', 'deny', undefined, 'include/clipboard.rules', 'qubes.ClipboardPaste * @anyvm @adminvm deny'],
  ['qubes.ClipboardPaste', 'dom0', 'work', 'ask', 'work', 'include/clipboard.rules', 'qubes.ClipboardPaste * @adminvm @anyvm ask'],
  ['qubes.ClipboardPaste', 'personal', 'work', 'ask', 'work', 'include/clipboard.rules', 'qubes.ClipboardPaste * @anyvm @anyvm ask'],
  // !include-service (old-form lines) with a nested !include
  ['qubes.Gpg', 'work', 'vault', 'allow', 'vault', 'include/gpg.service', '@tag:work vault allow,user=gpg'],
  ['qubes.Gpg+sign', 'work-web', 'vault', 'allow', 'vault', 'include/gpg.service', '@tag:work vault allow,user=gpg'],
  ['qubes.Gpg', 'personal', 'vault', 'ask', 'vault', 'include/gpg-extra.service', 'personal vault ask'],
  ['qubes.Gpg', 'untrusted', 'vault', 'deny', undefined, 'include/gpg.service', '@anyvm @anyvm deny'],
  // !include-dir: its files in C order (10-b before 20-a)
  ['test.Dir', 'personal', 'untrusted', 'allow', 'work', 'include/services.d/10-b.policy', 'test.Dir * @anyvm @anyvm allow target=work'],
  ['test.Dir2', 'personal', 'work', 'deny', undefined, 'include/services.d/20-a.policy', 'test.Dir2 * @anyvm @anyvm deny'],
  // disposables
  ['qubes.OpenInVM', 'work', '@dispvm', 'allow', '@dispvm:default-dvm', '50-dispvm.policy', 'qubes.OpenInVM * @anyvm @dispvm:default-dvm allow'],
  ['qubes.OpenInVM', 'work-web', '@dispvm', 'allow', '@dispvm:work-dvm', '50-dispvm.policy', 'qubes.OpenInVM * @tag:work @dispvm:work-dvm allow'],
  ['qubes.OpenInVM', 'work', '@dispvm:work-dvm', 'allow', '@dispvm:work-dvm', '50-dispvm.policy', 'qubes.OpenInVM * @tag:work @dispvm:work-dvm allow'],
  ['qubes.OpenInVM', 'personal', '@dispvm:work-dvm', 'deny', undefined, '50-dispvm.policy', 'qubes.OpenInVM * @anyvm @dispvm:@tag:work deny'],
  ['qubes.OpenInVM', 'personal', '@dispvm:default-dvm', 'allow', '@dispvm:default-dvm', '50-dispvm.policy', 'qubes.OpenInVM * @anyvm @dispvm:default-dvm allow'],
  ['qubes.OpenInVM', 'vault', '@dispvm', 'deny', undefined, '50-dispvm.policy', 'qubes.OpenInVM * @anyvm @dispvm allow'],
  ['qubes.OpenInVM', 'personal', '@dispvm:not-dvm', 'deny', undefined, null, null],
  ['qubes.OpenInVM', 'personal', '@dispvm:nowhere', 'deny', undefined, null, null],
  ['qubes.OpenURL', 'personal', '@default', 'ask', '@dispvm:default-dvm', '50-dispvm.policy', 'qubes.OpenURL * @anyvm @default ask target=@dispvm'],
  ['qubes.OpenURL', 'work', 'personal', 'ask', 'personal', '50-dispvm.policy', 'qubes.OpenURL * @anyvm @anyvm ask default_target=@dispvm'],
  // redirects and keywords
  ['qubes.UpdatesProxy', 'fedora-41', '@default', 'allow', 'sys-net', '60-redirects.policy', 'qubes.UpdatesProxy * @type:TemplateVM @default allow target=sys-net'],
  ['qubes.UpdatesProxy', 'whonix-ws', '@default', 'deny', undefined, '60-redirects.policy', 'qubes.UpdatesProxy * @tag:whonix-updatevm @default allow target=sys-whonix'],
  ['qubes.UpdatesProxy', 'work', '@default', 'deny', undefined, '60-redirects.policy', 'qubes.UpdatesProxy * @anyvm @anyvm deny'],
  ['qubes.GetDate', 'work', 'dom0', 'allow', '@adminvm', '60-redirects.policy', 'qubes.GetDate * @anyvm @adminvm allow'],
  ['qubes.GetDate', 'work', '@adminvm', 'allow', '@adminvm', '60-redirects.policy', 'qubes.GetDate * @anyvm @adminvm allow'],
  ['qubes.GetDate', 'work', 'personal', 'deny', undefined, null, null],
  ['test.Star', 'dom0', 'dom0', 'allow', '@adminvm', '60-redirects.policy', 'test.Star * * @adminvm allow'],
  ['test.Any', 'dom0', 'work', 'deny', undefined, null, null],
  ['test.Any', 'work', 'dom0', 'deny', undefined, null, null],
  ['test.Any', 'work', 'personal', 'allow', 'personal', '60-redirects.policy', 'test.Any * @anyvm @anyvm allow'],
  ['test.Type', 'disp1234', 'work', 'deny', undefined, '60-redirects.policy', 'test.Type * @type:DispVM @anyvm deny'],
  ['test.Type', 'work', 'dom0', 'allow', '@adminvm', '60-redirects.policy', 'test.Type * @anyvm @type:AdminVM allow'],
  // arguments: exact, one holding '+', empty ('+'), and '*'
  ['test.Arg+alpha', 'work', 'personal', 'allow', 'personal', '60-redirects.policy', 'test.Arg +alpha @anyvm @anyvm allow'],
  ['test.Arg+a+b', 'work', 'personal', 'ask', 'personal', '60-redirects.policy', 'test.Arg +a+b @anyvm @anyvm ask'],
  ['test.Arg', 'work', 'untrusted', 'allow', 'personal', '60-redirects.policy', 'test.Arg + @anyvm @anyvm allow target=personal'],
  ['test.Arg+', 'work', 'untrusted', 'allow', 'personal', '60-redirects.policy', 'test.Arg + @anyvm @anyvm allow target=personal'],
  ['test.Arg+beta', 'work', 'personal', 'deny', undefined, '60-redirects.policy', 'test.Arg * @anyvm @anyvm deny'],
  // autostart=no refuses what would start a new disposable
  ['test.NoStart', 'personal', '@dispvm:default-dvm', 'deny', undefined, '60-redirects.policy', 'test.NoStart * @anyvm @dispvm:default-dvm allow autostart=no'],
  ['test.NoStart', 'personal', 'work', 'allow', 'work', '60-redirects.policy', 'test.NoStart * @anyvm @anyvm allow autostart=no'],
  // requests that name no real caller or target are refused before any rule
  ['test.Any', 'ghost', 'work', 'deny', undefined, null, null],
  ['test.Any', 'work', 'ghost', 'deny', undefined, null, null],
  ['test.Any', '@anyvm', 'work', 'deny', undefined, null, null],
  ['test.Any', 'work', '@anyvm', 'deny', undefined, null, null],
  ['test/Any', 'work', 'personal', 'deny', undefined, null, null],
  ['test.Any+a b', 'work', 'personal', 'deny', undefined, null, null],
];

describe('policy decisions over a realistic folder', () => {
  it('loads without errors, every file in order', () => {
    expect(policy.errors).toEqual([]);
    expect(policy.files).toEqual([
      '10-overrides.policy',
      '20-files.policy',
      '30-user.policy',
      'include/clipboard.rules',
      'include/gpg.service',
      'include/gpg-extra.service',
      'include/services.d/10-b.policy',
      'include/services.d/20-a.policy',
      '50-dispvm.policy',
      '60-redirects.policy',
    ]);
  });

  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%s %s -> %s: %s %s (%s: %s)', (spec, source, target, action, resolved, file, rule) => {
    const d = evaluate(policy, { ...splitServiceSpec(spec), source, target }, testQubes);
    expect(d.action).toBe(action);
    expect(d.target).toBe(resolved);
    if (file === null || rule === null) {
      expect(d.file).toBeUndefined();
      expect(d.line).toBeUndefined();
    } else {
      expect({ file: d.file, line: d.line, rule: d.rule && squash(d.rule) }).toEqual({ file, line: lineOf(file, rule), rule: squash(rule) });
    }
    expect(d.reason).not.toBe('');
  });

  it('carries the parameters of the deciding rule', () => {
    const user = evaluate(policy, { service: 'test.User', argument: '', source: 'work', target: 'personal' }, testQubes);
    expect(user).toMatchObject({ action: 'allow', target: 'personal', user: 'root', notify: true, autostart: true });
    const gpg = evaluate(policy, { service: 'qubes.Gpg', argument: '', source: 'work', target: 'vault' }, testQubes);
    expect(gpg).toMatchObject({ action: 'allow', user: 'gpg', notify: false });
    const quiet = evaluate(policy, { service: 'qubes.Filecopy', argument: '', source: 'vault', target: 'work' }, testQubes);
    expect(quiet.notify).toBe(false);
    const loud = evaluate(policy, { service: 'qubes.Filecopy', argument: '', source: 'work', target: 'vault' }, testQubes);
    expect(loud.notify).toBe(true);
    const noStart = evaluate(policy, { service: 'test.NoStart', argument: '', source: 'personal', target: 'work' }, testQubes);
    expect(noStart.autostart).toBe(false);
  });

  it('resolves default_target for ask, @dispvm to the caller\'s default base', () => {
    const named = evaluate(policy, { service: 'qubes.Filecopy', argument: '', source: 'work', target: '@default' }, testQubes);
    expect(named.defaultTarget).toBe('work-web');
    const disp = evaluate(policy, { service: 'qubes.OpenURL', argument: '', source: 'work-web', target: 'personal' }, testQubes);
    expect(disp.defaultTarget).toBe('@dispvm:work-dvm');
  });

  it('says why when nothing matched or the request was refused up front', () => {
    const none = evaluate(policy, { service: 'no.Such', argument: '', source: 'work', target: 'personal' }, testQubes);
    expect(none.reason).toBe('no rule matched');
    const ghost = evaluate(policy, { service: 'test.Any', argument: '', source: 'ghost', target: 'work' }, testQubes);
    expect(ghost.reason).toMatch(/source qube ghost does not exist/);
    const target = evaluate(policy, { service: 'test.Any', argument: '', source: 'work', target: 'ghost' }, testQubes);
    expect(target.reason).toMatch(/target qube ghost does not exist/);
    const noBase = evaluate(policy, { service: 'qubes.OpenInVM', argument: '', source: 'vault', target: '@dispvm' }, testQubes);
    expect(noBase.reason).toMatch(/no default_dispvm/);
    const missing = evaluate(policy, { service: 'qubes.UpdatesProxy', argument: '', source: 'whonix-ws', target: '@default' }, testQubes);
    expect(missing.reason).toMatch(/sys-whonix does not exist/);
  });
});
