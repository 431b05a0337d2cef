/**
 * Keys and prompt lines that act on qubes: each ends in one ConsoleApi.run call
 * (or none, when refused or cancelled), and its outcome shows on the screen.
 */
import { describe, expect, it } from 'vitest';
import { FakeConsoleApi } from './fake-console-api.js';
import { LINE_KEYS, LOCAL_COMMANDS, TABLE_KEYMAP } from '../../../tui/keymap.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, mount, sortedNames, tableNames } from './console-screen.js';

disposeConsolesAfterEach();

describe('actions', () => {
  it(':start work runs the command and shows its outcome', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type(':', 'start work', KEYS.enter);
    await c.waitFor('start: ok');
    expect(api.runs).toEqual([['start', 'work']]);
  });

  it('keys arriving in a burst go to what the previous key opened, never to the table', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    // Separate reads, no frame in between: the prompt must get "sort mem desc" (whose "d" would detach).
    c.input.type(':');
    await new Promise((r) => setImmediate(r));
    c.input.type('sort mem desc');
    await new Promise((r) => setImmediate(r));
    c.input.type(KEYS.enter);
    await c.waitFor('sort MEM ▼');
    // One read holding a whole command line, as a paste or a fast link delivers it.
    c.input.type(':start work');
    await c.waitFor(':start work');
    c.input.type(KEYS.enter);
    await c.waitFor('start: ok');
    expect(api.runs).toEqual([['start', 'work']]);
    expect(api.detached).toBe(0);
  });

  it('a key in the same read as a filter set from the prompt moves within the filtered rows', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    // No frame between the Enter and G: G must go to the last of anon-whonix and whonix-gw, not of every qube.
    c.input.type(':filter whonix\rGr');
    await c.waitFor('start: ok');
    expect(api.runs).toEqual([['start', 'whonix-gw']]);
  });

  it('a refusal from the daemon is shown as an error', async () => {
    const api = new FakeConsoleApi();
    api.outcome = () => ({ ok: false, error: 'role viewer may not run start (needs operator)' });
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('r');
    await c.waitFor('start anon-whonix: role viewer may not run start (needs operator)');
    expect(api.runs).toEqual([['start', 'anon-whonix']]);
  });

  it('splits the prompt line like a shell and keeps a history', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type(':', `prefs work label "dark red" 'it''s'`, KEYS.enter);
    await c.waitFor('prefs: ok');
    expect(api.runs).toEqual([['prefs', 'work', 'label', 'dark red', 'its']]);
    await c.type(':', KEYS.up);
    await c.waitFor(`:prefs work label "dark red" 'it''s'`);
    await c.type(KEYS.enter);
    await c.waitFor((ls) => api.runs.length === 2 && ls.length > 0, 'a second run');
    expect(api.runs[1]).toEqual(api.runs[0]);
  });

  it('Tab completes command names and qube names', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type(':', 'sta', KEYS.tab);
    await c.waitFor((ls) => ls.some((l) => l.startsWith(':start ')), ':start completed');
    await c.type('wo', KEYS.tab);
    await c.waitFor((ls) => ls.some((l) => l.startsWith(':start work ')), ':start work completed');
    await c.type(KEYS.backspace.repeat(11), 's', KEYS.tab);
    await c.waitFor('shutdown  sort  start');
    await c.type(KEYS.escape);
    expect(api.runs).toEqual([]);
  });

  it('Space marks rows and S shuts down the marked qubes at once', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    const names = sortedNames(api);
    await c.type(' ', 'j', ' ');
    await c.waitFor('2 marked');
    await c.type('S');
    await c.waitFor('shutdown: ok');
    expect(api.runs).toEqual([['shutdown', names[0], names[2]]]);
  });

  it('p pauses a running qube and unpauses a paused one', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    const first = api.snapshot().qubes.find((q) => q.name === sortedNames(api)[0]);
    expect(first?.state).toBe('Paused');
    await c.type('p');
    await c.waitFor('unpause: ok');
    await c.type('jj');
    await c.type('p');
    await c.waitFor('pause: ok');
    expect(api.runs).toEqual([['unpause', 'anon-whonix'], ['pause', 'banking']]);
  });

  it('K asks for confirmation: n cancels without running, y kills', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('/', 'work', KEYS.enter);
    await c.waitFor('1 of 20 qubes');
    await c.type('K');
    await c.waitFor('Kill work?');
    await c.type('x');
    await c.waitFor('Kill work?');
    await c.type('n');
    await c.waitFor('kill: cancelled');
    expect(api.runs).toEqual([]);
    await c.type('K');
    await c.waitFor('Kill work?');
    await c.type('y');
    await c.waitFor('kill: ok');
    expect(api.runs).toEqual([['kill', 'work']]);
  });

  it('d detaches: the client gets its main screen back', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('d');
    await c.handle.waitUntilExit();
    expect(api.detached).toBe(1);
    expect(c.term.buffer.active.type).toBe('normal');
    expect(c.input.isRaw).toBe(false);
  });
});

describe('overlays', () => {
  it('? shows help with every key of the keymap, whole even at 80x24; any key closes it', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api, 80, 24);
    await c.waitFor('clipboard empty');
    await c.type('?');
    const lines = await c.waitFor('Help: any key closes it');
    const text = lines.join('\n');
    for (const b of TABLE_KEYMAP) expect(text).toMatch(new RegExp(`${b.keys.replace(/[?/]/g, '\\$&')}\\s+${b.help.replace(/[()/]/g, '\\$&')}`));
    for (const k of LINE_KEYS) expect(text).toContain(`${k.keys.padEnd(10)}${k.help}`);
    for (const l of LOCAL_COMMANDS) expect(text).toContain(`:${l.usage}  ${l.help}`);
    await c.type('q');
    await c.waitFor((ls) => tableNames(ls).length === 19, 'the table again');
    expect(api.runs).toEqual([]);
  });
});

