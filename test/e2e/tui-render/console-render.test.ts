/**
 * The console rendered by real Ink into a real terminal emulator: what a person
 * at an 80x24 (or larger) terminal sees and what their keys do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderOptions } from '../../../tui/console-api.js';
import { TABLE_KEYMAP } from '../../../tui/keymap.js';
import { FakeConsoleApi, fakeQube } from './fake-console-api.js';
import type { MountedConsole } from './tty-harness.js';
import { KEYS, mountConsole } from './tty-harness.js';

let mounted: MountedConsole | undefined;
afterEach(async () => {
  await mounted?.dispose();
  mounted = undefined;
});

function mount(api: FakeConsoleApi, columns = 100, rows = 30, options?: RenderOptions): MountedConsole {
  mounted = mountConsole(api, { columns, rows }, options);
  return mounted;
}

/** The name on the row the cursor is on. */
function selectedName(lines: string[], cursor = '▶'): string | undefined {
  return lines.find((l) => l.startsWith(cursor))?.slice(4).trim().split(/\s+/)[0];
}

/** Names of the table's rows, top to bottom. */
function tableNames(lines: string[]): string[] {
  return lines.filter((l) => /^[▶ ] [█ ]?/.test(l) && /^.{2}█ /.test(l)).map((l) => l.slice(4).trim().split(/\s+/)[0] ?? '');
}

/** Waits for the cursor to be on `name`: a key's effect shows with the next frame. */
async function expectSelected(c: MountedConsole, name: string | undefined): Promise<void> {
  await c.waitFor((ls) => selectedName(ls) === name, `the cursor on ${String(name)}`);
}

const sortedNames = (api: FakeConsoleApi) => api.snapshot().qubes.map((q) => q.name).sort((a, b) => a.localeCompare(b));

describe('qube table', () => {
  it('lists every qube with its columns and the status line', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    const lines = await c.waitFor('clipboard empty');
    expect(tableNames(lines)).toEqual(sortedNames(api));
    expect(lines[1]).toMatch(/NAME.*STATE.*CLASS.*TEMPLATE.*NETVM.*MEM.*CPU%.*VCPUS.*UPTIME/);
    const sysNet = lines.find((l) => l.includes(' sys-net '));
    expect(sysNet).toMatch(/sys-net\s+Running\s+AppVM\s+fedora-40\s+-\s+4319\s+13 [▁▂▃▄▅▆▇█]{6}\s+2\s+1m05s/);
    const running = api.snapshot().qubes.filter((q) => q.state === 'Running').length;
    const status = lines[lines.length - 1] ?? '';
    expect(status).toMatch(new RegExp(`dom0-test \\(sim\\) \\| session main \\| admin \\| ${running}/20 running \\| free 12345 MiB \\| clipboard empty\\s+\\d\\d:\\d\\d`));
    expect(selectedName(lines)).toBe('anon-whonix');
  });

  it('follows the daemon: a qube that starts changes its row, the clipboard shows its source', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api, 120, 30);
    await c.waitFor('clipboard empty');
    expect(c.term.buffer.active.type).toBe('alternate');
    api.update({
      qubes: api.snapshot().qubes.map((q) => (q.name === 'work' ? { ...q, state: 'Running', memMiB: 1234 } : q)),
      clipboard: { bytes: 42, source: 'personal' },
    });
    const lines = await c.waitFor('clipboard 42 bytes from personal');
    expect(lines.find((l) => l.includes(' work '))).toMatch(/work\s+Running\s.*1234/);
  });

  it('j/k and the arrows move the selection, End and Home jump', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    const names = sortedNames(api);
    await c.type('j');
    await expectSelected(c, names[1]);
    await c.type('j', KEYS.down);
    await expectSelected(c, names[3]);
    await c.type('k');
    await expectSelected(c, names[2]);
    await c.type(KEYS.end);
    await expectSelected(c, names[19]);
    await c.type(KEYS.up, KEYS.home);
    await expectSelected(c, names[0]);
    // Keys that arrive together (typed ahead over SSH) each count.
    await c.type('jjj');
    await expectSelected(c, names[3]);
  });

  it('/ filters by name as you type; Esc clears the filter', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('/', 'w', 'o');
    let lines = await c.waitFor('filter "wo"');
    expect(tableNames(lines)).toEqual(['work']);
    await c.type('r');
    lines = await c.waitFor('1 of 20 qubes');
    expect(tableNames(lines)).toEqual(['work']);
    expect(lines.some((l) => l.startsWith('/wor'))).toBe(true);
    await c.type(KEYS.escape);
    lines = await c.waitFor((ls) => tableNames(ls).length === 20, 'all 20 qubes again');
    expect(lines[0]).not.toContain('filter');
  });

  it('sorts by MEM with :sort, and cycles and reverses the sort with o / O', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type(':', 'sort mem desc', KEYS.enter);
    const lines = await c.waitFor('sort MEM ▼');
    const byMem = [...api.snapshot().qubes].sort((a, b) => b.memMiB - a.memMiB || a.name.localeCompare(b.name)).map((q) => q.name);
    expect(tableNames(lines)).toEqual(byMem);
    expect(lines[1]).toContain('MEM▼');
    await c.type('o');
    await c.waitFor('sort CPU% ▲');
    await c.type('O');
    const reversed = await c.waitFor('sort CPU% ▼');
    const cpu = (name: string) => api.snapshot().qubes.find((q) => q.name === name)?.cpuPercent ?? null;
    const shownCpu = tableNames(reversed).map(cpu).filter((v) => v !== null);
    expect(shownCpu).toEqual([...shownCpu].sort((a, b) => b - a));
    await c.type(':', 'sort bogus', KEYS.enter);
    await c.waitFor('usage: sort COLUMN [asc|desc]');
  });

  it('renders 1000 qubes, End reaches the last and PgUp/PgDn move by a screen', async () => {
    const qubes = Array.from({ length: 1000 }, (_, i) => fakeQube(i, `qube-${String(i).padStart(4, '0')}`));
    const api = new FakeConsoleApi(qubes);
    const c = mount(api, 80, 24);
    let lines = await c.waitFor('1000 qubes');
    expect(tableNames(lines)).toHaveLength(19);
    await c.type(KEYS.end);
    lines = await c.waitFor((ls) => selectedName(ls) === 'qube-0999', 'qube-0999 selected');
    expect(tableNames(lines).at(-1)).toBe('qube-0999');
    await c.type(KEYS.pageUp);
    await expectSelected(c, 'qube-0980');
    await c.type(KEYS.home, KEYS.pageDown);
    await expectSelected(c, 'qube-0019');
    await c.type(':', 'sort mem desc', KEYS.enter);
    lines = await c.waitFor('sort MEM ▼');
    // The selection stays on its qube, wherever the sort moved it.
    expect(selectedName(lines)).toBe('qube-0019');
    await c.type(KEYS.home);
    const byMem = [...qubes].sort((a, b) => b.memMiB - a.memMiB || a.name.localeCompare(b.name)).map((q) => q.name);
    expect(tableNames(await c.screen())).toEqual(byMem.slice(0, 19));
  });
});

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
  it('? shows help with every key of the keymap; any key closes it', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('?');
    const lines = await c.waitFor('Help: any key closes it');
    const text = lines.join('\n');
    for (const b of TABLE_KEYMAP) expect(text).toMatch(new RegExp(`${b.keys.replace(/[?/]/g, '\\$&')}\\s+${b.help.replace(/[()/]/g, '\\$&')}`));
    await c.type('q');
    await c.waitFor((ls) => tableNames(ls).length === 20, 'the table again');
    expect(api.runs).toEqual([]);
  });
});

describe('terminal size and capabilities', () => {
  it('a terminal smaller than 80x24 gets the too-small screen', async () => {
    const c = mount(new FakeConsoleApi(), 60, 20);
    await c.waitFor('terminal too small (need 80x24, have 60x20)');
  });

  it('resizing re-lays everything out', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api, 80, 24);
    let lines = await c.waitFor('clipboard empty');
    expect(lines[1]).not.toContain('IP');
    expect(tableNames(lines)).toHaveLength(19);
    c.resize(120, 40);
    lines = await c.waitFor((ls) => (ls[1] ?? '').includes('IP'), 'the IP column');
    expect(tableNames(lines)).toEqual(sortedNames(api));
    expect(lines.find((l) => l.includes(' personal '))).toContain('10.137.0.7');
    expect(lines[39]).toContain('clipboard empty');
    c.resize(70, 40);
    await c.waitFor('have 70x40');
    c.resize(80, 24);
    lines = await c.waitFor('clipboard empty');
    expect(tableNames(lines)).toHaveLength(19);
  });

  it('label swatches use the 256-colour palette by default, the 16 console colours for linux16', async () => {
    const swatchColor = async (c: MountedConsole, name: string) => {
      const lines = await c.waitFor('clipboard empty');
      const y = lines.findIndex((l) => l.includes(` ${name} `));
      const cell = c.term.buffer.active.getLine(y)?.getCell(2);
      return { char: cell?.getChars(), palette: cell?.isFgPalette(), color: cell?.getFgColor() };
    };
    // work is green (Qubes #73d216): xterm colour 76 (#5fd700), bright green on the console.
    let c = mount(new FakeConsoleApi());
    expect(await swatchColor(c, 'work')).toEqual({ char: '█', palette: true, color: 76 });
    await c.dispose();
    c = mount(new FakeConsoleApi(), 100, 30, { ascii: true, colors: 'linux16' });
    expect(await swatchColor(c, 'work')).toEqual({ char: '#', palette: true, color: 10 });
    await c.dispose();
    c = mount(new FakeConsoleApi(), 100, 30, { ascii: false, colors: 'truecolor' });
    expect(await swatchColor(c, 'work')).toEqual({ char: '█', palette: false, color: 0x73d216 });
  });

  it('ASCII mode draws no box or block glyph', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api, 100, 30, { ascii: true, colors: 'linux16' });
    await c.waitFor('clipboard empty');
    await c.type('K');
    const lines = await c.waitFor('Kill anon-whonix?');
    expect(selectedName(lines, '>')).toBeUndefined();
    expect(lines.some((l) => /^\+-+\+/.test(l.trim()))).toBe(true);
    expect(lines.join('').replace(/[\x20-\x7e]/g, '')).toBe('');
  });
});
