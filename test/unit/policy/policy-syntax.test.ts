/**
 * Every kind of mistake in a policy folder is reported with its file and
 * line, and turns the whole policy into one that denies everything, as
 * qrexec does; the rest of the folder is still read so all mistakes show.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../../services/policy/policy-evaluator.js';
import { loadPolicy, MAX_INCLUDE_DEPTH } from '../../../services/policy/policy-loader.js';
import { testQubes } from './policy-test-host.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-policy-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

// A rule that would allow the probe request, in a file read before the broken one.
const GOOD = { '10-good.policy': 'test.Probe  *  @anyvm  @anyvm  allow\n' };
const probe = { service: 'test.Probe', argument: '', source: 'work', target: 'personal' };

/** Loads the folder and checks the one error and that everything is denied because of it. */
function expectError(file: string, line: number, message: RegExp): void {
  const policy = loadPolicy(dir);
  expect(policy.errors).toHaveLength(1);
  expect(policy.errors[0]).toMatchObject({ file, line });
  expect(policy.errors[0]?.message).toMatch(message);
  const d = evaluate(policy, probe, testQubes);
  expect(d).toMatchObject({ action: 'deny', file, line });
  expect(d.reason).toMatch(/syntax error/);
  expect(d.reason).toContain(`${file}:${line}`);
}

const CASES: [string, string, number, RegExp][] = [
  ['unknown action', '# header\ntest.X  *  @anyvm  @anyvm  permit\n', 2, /invalid action "permit"/],
  ['bad token: unknown keyword', 'test.X  *  @anyvm  @everyone  allow\n', 1, /invalid target token.*@everyone/],
  ['bad token: empty tag', 'test.X  *  @tag:  @anyvm  allow\n', 1, /invalid source token/],
  ['bad token: @default as a source', 'test.X  *  @default  @anyvm  allow\n', 1, /not allowed as a source/],
  ['bad token: unknown class', 'test.X  *  @type:HVM  @anyvm  allow\n', 1, /unknown qube class/],
  ['bad token: invalid qube name', 'test.X  *  9lives  @anyvm  allow\n', 1, /invalid qube name/],
  ['bad token: @anyvm as a redirect', 'test.X  *  @anyvm  @anyvm  allow  target=@anyvm\n', 1, /not allowed as a redirect/],
  ['bad param for action: target= on deny', 'test.X  *  @anyvm  @anyvm  deny  target=work\n', 1, /target= does not apply to deny/],
  ['bad param for action: default_target= on allow', 'test.X  *  @anyvm  @anyvm  allow  default_target=work\n', 1, /default_target= does not apply to allow/],
  ['bad param: unknown key', 'test.X  *  @anyvm  @anyvm  allow  colour=red\n', 1, /unknown parameter "colour"/],
  ['bad param: not key=value', 'test.X  *  @anyvm  @anyvm  allow  now\n', 1, /expected key=value/],
  ['bad param: notify=maybe', 'test.X  *  @anyvm  @anyvm  allow  notify=maybe\n', 1, /only be yes or no/],
  ['bad param: given twice', 'test.X  *  @anyvm  @anyvm  ask  user=a  user=b\n', 1, /given twice/],
  ['bad param: allow to @default without target=', 'test.X  *  @anyvm  @default  allow\n', 1, /must name the target/],
  ['missing fields', '\n\ntest.X  *  @anyvm  @anyvm\n', 3, /wrong number of fields/],
  ['missing fields: service only', 'test.X\n', 1, /wrong number of fields/],
  ['bad service characters', 'test/X  *  @anyvm  @anyvm  allow\n', 1, /service "test\/X" contains characters/],
  ['bad argument characters', 'test.X  +a:b  @anyvm  @anyvm  allow\n', 1, /argument "a:b" contains characters/],
  ['argument without +', 'test.X  arg  @anyvm  @anyvm  allow\n', 1, /must be '\*' or start with '\+'/],
  ['argument with * service', '*  +arg  @anyvm  @anyvm  allow\n', 1, /only a '\*' argument/],
  ['unknown directive', '!includes other\n', 1, /invalid directive "!includes"/],
  ['directive with wrong parameter count', '!include a b\n', 1, /takes 1 parameter, got 2/],
  ['include of a missing file', '# first\n!include include/nope\n', 2, /included file does not exist: include\/nope/],
  ['include-dir of a missing folder', '!include-dir nowhere.d\n', 1, /cannot read directory nowhere\.d/],
  ['include-service of a missing file', '!include-service qubes.X * nope\n', 1, /does not exist: nope/],
];

describe('policy syntax errors', () => {
  it.each(CASES)('%s', (_kind, text, line, message) => {
    write({ ...GOOD, '50-broken.policy': text });
    expectError('50-broken.policy', line, message);
  });

  it('the same folder without the mistake allows the probe', () => {
    write(GOOD);
    const policy = loadPolicy(dir);
    expect(policy.errors).toEqual([]);
    expect(evaluate(policy, probe, testQubes)).toMatchObject({ action: 'allow', file: '10-good.policy', line: 1 });
  });

  it('an include cycle is named where it closes', () => {
    write({ ...GOOD, '50-cycle.policy': '!include inc/x\n', 'inc/x': '# x\n!include inc/y\n', 'inc/y': '!include inc/x\n' });
    expectError('inc/y', 1, /include cycle: inc\/x -> inc\/y -> inc\/x/);
  });

  it('a file including itself is a cycle', () => {
    write({ ...GOOD, '50-self.policy': '!include 50-self.policy\n' });
    expectError('50-self.policy', 1, /include cycle/);
  });

  it('!include-dir of the policy folder itself is a cycle, not a loop', () => {
    write({ ...GOOD, '50-dir.policy': '!include-dir .\n' });
    const policy = loadPolicy(dir);
    expect(policy.errors.length).toBeGreaterThan(0);
    expect(policy.errors.every((e) => /include cycle/.test(e.message))).toBe(true);
    expect(evaluate(policy, probe, testQubes).action).toBe('deny');
  });

  it('a chain of includes deeper than the limit is refused', () => {
    const files: Record<string, string> = { '50-deep.policy': '!include inc/0\n' };
    for (let i = 0; i <= MAX_INCLUDE_DEPTH; i++) files[`inc/${i}`] = `!include inc/${i + 1}\n`;
    files[`inc/${MAX_INCLUDE_DEPTH + 1}`] = 'test.Probe  *  @anyvm  @anyvm  deny\n';
    write({ ...GOOD, ...files });
    const policy = loadPolicy(dir);
    expect(policy.errors).toHaveLength(1);
    expect(policy.errors[0]?.message).toMatch(/nested deeper than/);
    expect(evaluate(policy, probe, testQubes).action).toBe('deny');
  });

  it('!include-service files take only !include as a directive', () => {
    write({ ...GOOD, '50-svc.policy': '!include-service qubes.X * inc/svc\n', 'inc/svc': '@anyvm @anyvm allow\n!include-dir inc\n' });
    expectError('inc/svc', 2, /may only !include/);
  });

  it('a policy file with a bad name is an error, not skipped', () => {
    write({ ...GOOD, '50-Upper.policy': 'test.Probe  *  @anyvm  @anyvm  deny\n' });
    expectError('50-Upper.policy', 0, /invalid file name/);
  });

  it('a missing policy folder denies everything', () => {
    const policy = loadPolicy(join(dir, 'absent'));
    expect(policy.errors).toHaveLength(1);
    expect(evaluate(policy, probe, testQubes)).toMatchObject({ action: 'deny' });
  });

  it('reports every mistake, each at its own line, and decides by the first', () => {
    write({
      ...GOOD,
      '50-a.policy': 'test.X  *  @anyvm  @anyvm  nope\n',
      '60-b.policy': '# ok\n# ok\ntest.X  *  @anyvm  @foo  allow\n',
      '70-c.policy': '!include missing\n',
    });
    const policy = loadPolicy(dir);
    expect(policy.errors.map((e) => `${e.file}:${e.line}`)).toEqual(['50-a.policy:1', '60-b.policy:3', '70-c.policy:1']);
    const d = evaluate(policy, probe, testQubes);
    expect(d).toMatchObject({ action: 'deny', file: '50-a.policy', line: 1 });
    expect(d.reason).toMatch(/3 syntax errors/);
  });

  it('reads a symlinked policy file and names it by its place in the folder', () => {
    write({ 'real/rules': 'test.Probe  *  @anyvm  @anyvm  ask\n' });
    symlinkSync(join(dir, 'real/rules'), join(dir, '20-link.policy'));
    const policy = loadPolicy(dir);
    expect(policy.errors).toEqual([]);
    expect(evaluate(policy, probe, testQubes)).toMatchObject({ action: 'ask', file: '20-link.policy', line: 1 });
  });

  it('accepts CRLF line ends and tabs between fields', () => {
    write({ '10-crlf.policy': '# windows\r\ntest.Probe\t*\t@anyvm\t@anyvm\tallow\r\n' });
    const policy = loadPolicy(dir);
    expect(policy.errors).toEqual([]);
    expect(evaluate(policy, probe, testQubes)).toMatchObject({ action: 'allow', line: 2 });
  });
});
