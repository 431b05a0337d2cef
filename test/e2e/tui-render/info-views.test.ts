/**
 * The views of the registry drawn into a real terminal emulator with the fake
 * api: opened by key and by `:view`, fed by `--format json` commands, with
 * their own help, and Esc back to the table.
 */
import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../tui/console-api.js';
import { VIEWS } from '../../../tui/views/view-registry.js';
import { labelColor } from '../../../tui/label-colors.js';
import { FakeConsoleApi } from './fake-console-api.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, mount, tableNames } from './console-screen.js';

disposeConsolesAfterEach();

const json = (data: unknown): CommandOutcome => ({ ok: true, text: JSON.stringify(data) });

const INFO = { host: 'dom0-test', backend: 'sim', xenVersion: '4.17.3', scheduler: 'credit2', cpus: 8, totalMemoryMiB: 32768, freeMemoryMiB: 12345, qubes: 20, running: 9 };

/** A fake daemon answering the read commands the views use. */
function viewsApi(answers: Record<string, (argv: string[]) => CommandOutcome> = {}): FakeConsoleApi {
  const api = new FakeConsoleApi();
  api.outcome = (argv) => {
    const answer = answers[argv[0] ?? ''];
    if (answer) return answer(argv);
    if (argv[0] === 'info') return json(INFO);
    return { ok: true, text: `${argv[0] ?? ''}: ok` };
  };
  return api;
}

const row = (time: string, who: string, what: string, result = 'ok', extra: Record<string, string> = {}) => ({ time, kind: 'command', who, role: 'admin', from: 'unix socket', what, result, message: '', ...extra });

describe('the events view', () => {
  it('E lists the audit log newest first: who, role, from where, what, result; runs fold into one row', async () => {
    const audit = [
      row('2026-11-27T11:40:03.000Z', 'SHA256:abcdef laptop', 'start work', 'ok', { role: 'operator', from: 'ssh 10.0.0.7:5022' }),
      row('2026-11-27T11:40:02.000Z', 'local uid 1000', 'events --audit --limit 500 --format json'),
      row('2026-11-27T11:40:01.000Z', 'local uid 1000', 'events --audit --limit 500 --format json'),
      row('2026-11-27T11:40:00.000Z', 'SHA256:viewer phone', 'kill vault', 'denied', { role: 'viewer', from: 'ssh 10.0.0.9:4000', message: 'kill: needs the operator role' }),
    ];
    const api = viewsApi({ events: () => json(audit) });
    const c = mount(api, 120, 30);
    await c.waitFor('clipboard empty');
    await c.type('E');
    const lines = await c.waitFor('start work');
    expect(api.runs).toContainEqual(['events', '--audit', '--limit', '500', '--format', 'json']);
    const body = lines.filter((l) => /^ 11-27 /.test(l));
    expect(body).toHaveLength(3);
    expect(body[0]).toMatch(/11:40:03 laptop SHA256:abcdef\s+operator\s+ssh 10\.0\.0\.7:5022\s+start work\s+ok/);
    expect(body[1]).toMatch(/11:40:02 local uid 1000\s+admin\s+unix socket\s+2x events --audit .*\s+ok/);
    expect(body[2]).toMatch(/11:40:00 phone SHA256:viewer\s+viewer\s+ssh 10\.0\.0\.9:4000\s+kill vault\s+denied/);
    // The selected entry in full under the list, its message included.
    await c.type('G');
    await c.waitFor('kill vault > denied: kill: needs the operator role'.replace('>', '▶'));
  });

  it('reads again while shown, and stops once left', async () => {
    const audit = [row('2026-11-27T11:40:00.000Z', 'local uid 1000', 'ls')];
    const api = viewsApi({ events: () => json(audit) });
    const c = mount(api, 120, 30);
    await c.waitFor('clipboard empty');
    await c.type('E');
    await c.waitFor(' ls ');
    audit.unshift(row('2026-11-27T11:41:00.000Z', 'local uid 1000', 'shutdown personal'));
    await c.waitFor('shutdown personal');
    await c.type(KEYS.escape);
    await c.waitFor((ls) => tableNames(ls).length > 0, 'the table again');
    const reads = api.runs.filter((r) => r[0] === 'events').length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(api.runs.filter((r) => r[0] === 'events').length).toBe(reads);
  });

  it('a switches to the qubes\' own events, newest first, without the commands the audit log has', async () => {
    const busEvents = [
      { type: 'domain-start', time: '2026-11-27T11:50:00.000Z', qube: 'work', domid: 7 },
      { type: 'command', time: '2026-11-27T11:50:01.000Z', command: 'start', result: 'ok' },
      { type: 'domain-shutdown', time: '2026-11-27T11:51:00.000Z', qube: 'vault' },
    ];
    const api = viewsApi({ events: (argv) => json(argv.includes('--audit') ? [row('2026-11-27T11:40:00.000Z', 'local uid 1000', 'ls')] : busEvents) });
    const c = mount(api, 120, 30);
    await c.waitFor('clipboard empty');
    await c.type('E');
    await c.waitFor('Audit log');
    await c.type('a');
    await c.waitFor('Qube events');
    await c.waitFor('domain-shutdown');
    const screen = await c.screen();
    expect(api.runs).toContainEqual(['events', '--format', 'json']);
    const shutdown = screen.findIndex((l) => /11:51:00 vault\s+domain-shutdown/.test(l));
    const start = screen.findIndex((l) => /11:50:00 work\s+domain-start\s+domid=7/.test(l));
    expect(shutdown).toBeGreaterThan(0);
    expect(start).toBeGreaterThan(shutdown);
    expect(screen.join('\n')).not.toMatch(/\bcommand\b.*result=ok/);
    await c.type('a');
    await c.waitFor('Audit log');
  });

  it('says what went wrong when the log cannot be read', async () => {
    const api = viewsApi({ events: () => ({ ok: false, error: 'events: needs the viewer role' }) });
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('E');
    await c.waitFor('events: needs the viewer role');
  });
});

describe('the notifications view', () => {
  it('M lists them newest first, each tagged with its qube in the label colour', async () => {
    const notes = [
      { qube: 'work', id: 1, appName: 'mail', summary: 'older message', body: 'hello', urgency: 1, time: 1_790_000_000 },
      { qube: 'vault', id: 2, appName: 'keepass', summary: 'newest message', body: 'the whole body text', urgency: 2, time: 1_790_000_060 },
    ];
    const api = viewsApi({ 'notify-list': () => json(notes) });
    const c = mount(api, 100, 30);
    await c.waitFor('clipboard empty');
    await c.type('M');
    const lines = await c.waitFor('older message');
    expect(api.runs).toContainEqual(['notify-list', '--format', 'json']);
    const newest = lines.findIndex((l) => /\[vault\] +keepass: newest message/.test(l));
    const older = lines.findIndex((l) => /\[work\] +mail: older message/.test(l));
    expect(newest).toBeGreaterThan(0);
    expect(older).toBeGreaterThan(newest);
    expect(lines.join('\n')).toContain('the whole body text');
    // The tag is drawn in the qube's own label colour, as the table's swatch is.
    const labelIndex = (name: string): number => {
      const q = api.snapshot().qubes.find((x) => x.name === name);
      return Number(/^ansi256\((\d+)\)$/.exec(labelColor(q?.label ?? '', 'ansi256'))?.[1] ?? -1);
    };
    const fgAt = (y: number, x: number): number => c.term.buffer.active.getLine(y)?.getCell(x)?.getFgColor() ?? -1;
    expect(fgAt(older, (lines[older] ?? '').indexOf('[work]'))).toBe(labelIndex('work'));
    expect(fgAt(newest, (lines[newest] ?? '').indexOf('[vault]'))).toBe(labelIndex('vault'));
  });

  it('says so when no GUI domain answers', async () => {
    const api = viewsApi({ 'notify-list': () => ({ ok: false, error: 'notify-list: no gui qube is running' }) });
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('M');
    await c.waitFor('no gui qube is running');
  });
});

describe('the policy view', () => {
  const FILES = [
    { file: '50-config-clipboard.policy', rules: 2, errors: 0 },
    { file: '90-default.policy', rules: 3, errors: 1 },
  ];
  const DEFAULT_TEXT = '## the default\nqubes.Filecopy  *  @anyvm  @anyvm  ask\nbroken line here\n';
  const policyApi = (): FakeConsoleApi =>
    viewsApi({
      'policy-files': (argv) =>
        argv[1] === '90-default.policy'
          ? json({ file: '90-default.policy', text: DEFAULT_TEXT, cut: false, errors: [{ file: '90-default.policy', line: 3, message: 'wrong number of words' }] })
          : json(FILES),
      'policy-eval': () => json({ action: 'ask', target: null, file: '90-default.policy', line: 2, reason: 'matched', rule: 'qubes.Filecopy  *  @anyvm  @anyvm  ask' }),
    });

  it('P lists the files; Enter shows one with its errors at their line; Esc goes back to the list', async () => {
    const api = policyApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('P');
    const lines = await c.waitFor('90-default.policy');
    expect(lines.some((l) => /50-config-clipboard\.policy\s+2\s+0/.test(l))).toBe(true);
    expect(lines.some((l) => /90-default\.policy\s+3\s+1/.test(l))).toBe(true);
    await c.type('j', KEYS.enter);
    const file = await c.waitFor('broken line here');
    expect(api.runs).toContainEqual(['policy-files', '90-default.policy', '--format', 'json']);
    expect(file.some((l) => /^\s+2 qubes\.Filecopy {2}\* {2}@anyvm {2}@anyvm {2}ask/.test(l))).toBe(true);
    expect(file.some((l) => /^\s+3 broken line here {2}! wrong number of words/.test(l))).toBe(true);
    // Help over the view keeps it as it was: the file is still open once help closes.
    await c.type('?');
    await c.waitFor('Policy help: any key closes it');
    await c.type('x');
    await c.waitFor('broken line here');
    await c.type(KEYS.escape);
    await c.waitFor((ls) => ls.some((l) => l.includes('50-config-clipboard.policy')), 'the file list');
    await c.type(KEYS.escape);
    await c.waitFor((ls) => tableNames(ls).length > 0, 'the table again');
  });

  it('t opens the tester: typed fields go to policy-eval, the decision shows with its file:line and rule', async () => {
    const api = policyApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('P');
    await c.waitFor('90-default.policy');
    await c.type('t');
    await c.waitFor('Policy tester');
    // Clear the service and type another; q is text here, not "back".
    await c.type('\u0015', 'qubes.Filecopy', KEYS.tab, '\u0015', 'work', KEYS.tab, '\u0015', 'vault', KEYS.enter);
    const lines = await c.waitFor('decided by 90-default.policy:2');
    expect(api.runs).toContainEqual(['policy-eval', 'qubes.Filecopy', 'work', 'vault', '--format', 'json']);
    expect(lines.join('\n')).toContain('rule:   qubes.Filecopy  *  @anyvm  @anyvm  ask');
    expect(lines.some((l) => /^ ask {2}decided by/.test(l))).toBe(true);
    await c.type(KEYS.escape);
    await c.waitFor((ls) => !ls.some((l) => l.includes('Policy tester')), 'the tester closed');
    expect(tableNames(await c.screen())).toEqual([]);
  });
});

describe('the / filter', () => {
  it('takes pasted text ending in Enter whole: filters by it and closes the line', async () => {
    const api = viewsApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('/');
    await c.type('work\r');
    await c.waitFor('filter "work"');
    await c.waitFor('? help  : command');
    expect(tableNames(await c.screen())).toEqual(['work']);
    // The line is closed: the next key is the table's again.
    await c.type('H');
    await c.waitFor('Xen 4.17.3');
  });
});

describe('the views framework', () => {
  it('H opens the host view with xl info and memory by qube; Esc goes back to the table', async () => {
    const api = viewsApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('H');
    const lines = await c.waitFor('Xen 4.17.3');
    const text = lines.join('\n');
    expect(text).toContain('scheduler credit2');
    expect(text).toContain('CPUs 8');
    expect(text).toContain('memory 12345 MiB free of 32768 MiB');
    expect(api.runs).toContainEqual(['info', '--format', 'json']);
    // The largest qube's bar is the longest; a halted qube holds no memory and has none.
    const biggest = [...api.snapshot().qubes].sort((a, b) => b.memMiB - a.memMiB)[0];
    const barOf = (name: string): number => (lines.find((l) => l.trimStart().startsWith(`${name} `)) ?? '').split('█').length - 1;
    expect(biggest).toBeDefined();
    const others = api.snapshot().qubes.filter((q) => q.memMiB > 0 && q.name !== biggest?.name);
    for (const q of others) expect(barOf(q.name)).toBeLessThanOrEqual(barOf(biggest?.name ?? ''));
    expect(barOf(biggest?.name ?? '')).toBeGreaterThan(10);
    expect(lines.some((l) => l.trimStart().startsWith('work '))).toBe(false);
    await c.type(KEYS.escape);
    await c.waitFor((ls) => tableNames(ls).length > 0, 'the table again');
  });

  it('draws bars in ASCII where the terminal lacks block glyphs', async () => {
    const api = viewsApi();
    const c = mount(api, 100, 30, { ascii: true, colors: 'linux16' });
    await c.waitFor('clipboard empty');
    await c.type('H');
    const lines = await c.waitFor('Xen 4.17.3');
    expect(lines.join('\n')).not.toContain('█');
    expect(lines.some((l) => /^ sys-net\s+\d+\s+#+\s*$/.test(l)), lines.join("\n")).toBe(true);
  });

  it(':view NAME opens a view, an unknown name says which exist', async () => {
    const api = viewsApi();
    // Wide enough for the message naming every view.
    const c = mount(api, 200, 30);
    await c.waitFor('clipboard empty');
    await c.type(':', 'view nosuch', KEYS.enter);
    await c.waitFor(`no view "nosuch"; views: ${VIEWS.map((v) => v.name).join(' ')}`);
    // Tab completes the view's name.
    await c.type(':', 'view ho', KEYS.tab);
    await c.waitFor((ls) => ls.some((l) => l.startsWith(':view host ')), ':view host completed');
    await c.type(KEYS.escape);
    await c.type(':', 'view host', KEYS.enter);
    await c.waitFor('Xen 4.17.3');
    await c.type('q');
    await c.waitFor((ls) => tableNames(ls).length > 0, 'the table again');
  });

  it('? in a view lists its own keys; the table help lists every view of the registry', async () => {
    const api = viewsApi();
    const c = mount(api, 80, 24);
    await c.waitFor('clipboard empty');
    await c.type('?');
    const help = (await c.waitFor('Help: any key closes it')).join('\n');
    for (const v of VIEWS) expect(help).toMatch(new RegExp(`${v.key}  ${v.name}`));
    await c.type('x');
    await c.type('H', '?');
    const viewHelp = (await c.waitFor('Host help: any key closes it')).join('\n');
    for (const k of VIEWS.find((v) => v.name === 'host')?.viewKeys ?? []) expect(viewHelp).toContain(k.help);
    expect(viewHelp).toContain('back to the qube table');
    await c.type('x');
    await c.waitFor('Xen 4.17.3');
  });
});
