/**
 * The views of the registry drawn into a real terminal emulator with the fake
 * api: opened by key and by `:view`, fed by `--format json` commands, with
 * their own help, and Esc back to the table.
 */
import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../tui/console-api.js';
import { VIEWS } from '../../../tui/views/view-registry.js';
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
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type(':', 'view nosuch', KEYS.enter);
    await c.waitFor(`no view "nosuch"; views: ${VIEWS.map((v) => v.name).join(' ')}`);
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
