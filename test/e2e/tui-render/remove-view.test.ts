/**
 * Removing a qube drawn into a real terminal emulator with the fake api: `X`
 * lists what goes and runs `remove QUBE` only once its exact name is typed.
 */
import { describe, expect, it } from 'vitest';
import type { CommandOutcome, QubeRowView } from '../../../tui/console-api.js';
import { FakeConsoleApi, fakeQube } from './fake-console-api.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, mount, tableNames } from './console-screen.js';

disposeConsolesAfterEach();

const VOLUMES = {
  qube: 'work',
  volumes: [
    { volume: 'private', vdev: 'xvdb', access: 'rw', path: '/p/work/private.img', sizeMiB: 2048, usedMiB: 1, source: 'own' },
    { volume: 'volatile', vdev: 'xvdc', access: 'rw', path: null, sizeMiB: null, usedMiB: null, source: 'made anew at every start' },
  ],
};

function removeApi(qube: QubeRowView): FakeConsoleApi {
  const api = new FakeConsoleApi([qube]);
  api.outcome = (argv): CommandOutcome => {
    if (argv[0] === 'volumes') return { ok: true, text: JSON.stringify(VOLUMES) };
    if (argv[0] === 'remove') return qube.state === 'Halted' ? { ok: true, text: 'removed work\n' } : { ok: false, error: 'remove: work is running; shut it down first, or use --force' };
    return { ok: false, error: 'unexpected' };
  };
  return api;
}

const removals = (api: FakeConsoleApi): string[][] => api.runs.filter((a) => a[0] === 'remove');

describe('the remove view', () => {
  it('lists the volumes that go; a wrong name removes nothing, the exact name runs remove QUBE', async () => {
    const api = removeApi({ ...fakeQube(0, 'work'), state: 'Halted' });
    const c = mount(api, 100, 30);
    await c.waitFor('clipboard empty');
    await c.type('X');
    const screen = (await c.waitFor('These volumes go with it')).join('\n');
    expect(api.runs).toContainEqual(['volumes', 'work', '--format', 'json']);
    expect(screen).toContain('Remove work (AppVM, Halted)?');
    expect(screen).toMatch(/private\s+xvdb\s+2048 MiB\s+own/);
    expect(screen).toMatch(/volatile\s+xvdc\s+-\s+made anew at every start/);
    expect(screen).toContain('type the exact name');
    await c.type('wor', KEYS.enter);
    await c.waitFor('"wor" is not work: nothing removed');
    await c.type('kk', KEYS.enter);
    await c.waitFor('"workk" is not work: nothing removed');
    expect(removals(api)).toEqual([]);
    await c.type(KEYS.backspace);
    await c.waitFor('Enter removes');
    await c.type(KEYS.enter);
    await c.waitFor('removed work');
    expect(removals(api)).toEqual([['remove', 'work']]);
  });

  it('Esc leaves without removing anything', async () => {
    const api = removeApi({ ...fakeQube(0, 'work'), state: 'Halted' });
    const c = mount(api, 100, 30);
    await c.waitFor('clipboard empty');
    await c.type('X');
    await c.waitFor('These volumes go with it');
    await c.type('work', KEYS.escape);
    await c.waitFor((ls) => tableNames(ls).length > 0, 'the table again');
    expect(removals(api)).toEqual([]);
  });

  it('a running qube: says it must be halted, and shows the refusal of remove', async () => {
    const api = removeApi({ ...fakeQube(0, 'work'), state: 'Running' });
    const c = mount(api, 100, 30);
    await c.waitFor('clipboard empty');
    await c.type('X');
    await c.waitFor('work is Running: it must be halted first');
    await c.type('work', KEYS.enter);
    await c.waitFor('remove: work is running; shut it down first');
    expect(removals(api)).toEqual([['remove', 'work']]);
  });
});
