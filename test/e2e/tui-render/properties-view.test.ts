/**
 * The properties form drawn into a real terminal emulator with the fake api:
 * `e` on a qube lists `prefs QUBE --format json` (set vs default), Enter edits
 * a value through `prefs QUBE PROP VALUE`, D resets one after a confirmation.
 */
import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../tui/console-api.js';
import { FakeConsoleApi, fakeQube } from './fake-console-api.js';
import { KEYS, type MountedConsole } from './tty-harness.js';
import { disposeConsolesAfterEach, mount } from './console-screen.js';

disposeConsolesAfterEach();

interface PropState {
  value: string | number | null;
  isDefault: boolean;
}

/** A qube `work` whose properties change as the daemon would: memory refuses a word. */
function prefsApi(): { api: FakeConsoleApi; prefs: Record<string, PropState> } {
  const prefs: Record<string, PropState> = {
    label: { value: 'blue', isDefault: false },
    memory: { value: 400, isDefault: true },
    netvm: { value: 'sys-firewall', isDefault: false },
    template: { value: 'fedora-41', isDefault: false },
  };
  const api = new FakeConsoleApi([{ ...fakeQube(0, 'work'), state: 'Halted' }]);
  api.outcome = (argv): CommandOutcome => {
    const [cmd, ...rest] = argv;
    if (cmd !== 'prefs') return { ok: false, error: 'unexpected' };
    if (rest.at(-1) === 'json') return { ok: true, text: JSON.stringify(prefs) };
    if (rest[0] === '--default') {
      prefs[rest[2] ?? ''] = { value: 'sys-net', isDefault: true };
      return { ok: true, text: '' };
    }
    const [, prop = '', value = ''] = rest;
    if (prop === 'memory' && !/^\d+$/.test(value)) return { ok: false, error: `invalid value for memory: ${JSON.stringify(value)} is not a number` };
    prefs[prop] = { value, isDefault: false };
    return { ok: true, text: '' };
  };
  return { api, prefs };
}

/** The console with the form open on work. */
async function openForm(api: FakeConsoleApi): Promise<MountedConsole> {
  const c = mount(api, 100, 30);
  await c.waitFor('clipboard empty');
  await c.type('e');
  await c.waitFor('4 properties');
  return c;
}

const mutations = (api: FakeConsoleApi): string[][] => api.runs.filter((a) => a.at(-1) !== 'json');

describe('the properties form', () => {
  it('e lists the properties: set ones plain, default ones marked "(default)"', async () => {
    const { api } = prefsApi();
    const screen = (await (await openForm(api)).screen()).join('\n');
    expect(api.runs).toContainEqual(['prefs', 'work', '--format', 'json']);
    expect(screen).toMatch(/label {5}blue\s*$/m);
    expect(screen).toMatch(/memory {4}400 {2}\(default\)/);
    expect(screen).toMatch(/netvm {5}sys-firewall\s*$/m);
    expect(screen).not.toMatch(/label.*\(default\)/);
  });

  it('Enter edits the value on a prefilled line and runs prefs QUBE PROP VALUE; the list reads it back', async () => {
    const { api } = prefsApi();
    const c = await openForm(api);
    await c.type(KEYS.enter);
    await c.waitFor('label = blue');
    await c.type(KEYS.backspace.repeat(4), 'green', KEYS.enter);
    await c.waitFor('label set to green');
    await c.waitFor((ls) => ls.some((l) => /label {5}green\s*$/.test(l)), 'green read back');
    expect(mutations(api)).toEqual([['prefs', 'work', 'label', 'green']]);
  });

  it('a refused value stays on the line with the reason, for correction', async () => {
    const { api } = prefsApi();
    const c = await openForm(api);
    await c.type('j', KEYS.enter);
    await c.waitFor('memory = 400');
    await c.type(KEYS.backspace.repeat(3), 'lots', KEYS.enter);
    const screen = (await c.waitFor('is not a number')).join('\n');
    expect(screen).toContain('invalid value for memory: "lots" is not a number');
    expect(screen).toContain('memory = lots');
    await c.type(KEYS.backspace.repeat(4), '800', KEYS.enter);
    await c.waitFor('memory set to 800');
    expect(mutations(api)).toEqual([
      ['prefs', 'work', 'memory', 'lots'],
      ['prefs', 'work', 'memory', '800'],
    ]);
    await c.waitFor((ls) => ls.some((l) => /memory {4}800\s*$/.test(l)), 'the new value read back');
  });

  it('D asks before resetting to the default: n runs nothing, y runs prefs --default QUBE PROP', async () => {
    const { api } = prefsApi();
    const c = await openForm(api);
    await c.type('j');
    await c.type('D');
    await c.waitFor('memory already has its default value');
    await c.type('j', 'D');
    await c.waitFor('Reset netvm of work?');
    await c.type('n');
    await c.waitFor((ls) => !ls.some((l) => l.includes('Reset netvm of work?')), 'the question gone');
    expect(mutations(api)).toEqual([]);
    // Back on the form, the cursor where it was.
    await c.waitFor('4 properties');
    await c.type('D');
    await c.waitFor('Reset netvm of work?');
    await c.type('y');
    await c.waitFor(() => mutations(api).length === 1, 'the reset ran');
    expect(mutations(api)).toEqual([['prefs', '--default', 'work', 'netvm']]);
    await c.waitFor((ls) => ls.some((l) => /netvm {5}sys-net {2}\(default\)/.test(l)), 'the default read back');
  });
});
