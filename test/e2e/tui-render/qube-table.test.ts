/**
 * The qube table rendered by real Ink into a real terminal emulator: what a person
 * sees, and how the keys that move, filter and sort change it.
 */
import { describe, expect, it } from 'vitest';
import { FakeConsoleApi, fakeQube } from './fake-console-api.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, expectSelected, mount, selectedName, sortedNames, tableNames } from './console-screen.js';

disposeConsolesAfterEach();

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
    // A qube that goes away (removed) leaves the cursor on the row that took its place.
    await c.type('j', 'j');
    await c.waitFor((ls) => selectedName(ls) === 'banking', 'the cursor on banking');
    api.update({ qubes: api.snapshot().qubes.filter((q) => q.name !== 'banking') });
    await c.waitFor((ls) => selectedName(ls) === 'debian-12', 'the cursor on debian-12');
    // Notices come from the daemon (some from qubes): shown on the message line, control characters dropped.
    api.update({ notices: [{ time: '10:01', text: 'sys-usb: device attached\u001b]0;pwned\u0007', level: 'info' }] });
    const withNotice = await c.waitFor('10:01 sys-usb: device attached');
    expect(withNotice.join('\n')).toContain('attached ]0;pwned');
    expect(c.term.buffer.active.type).toBe('alternate');
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

  it('t groups qubes under their template, then under their netvm', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    await c.type('t');
    let lines = await c.waitFor('tree by template');
    const dom0 = lines.findIndex((l) => / dom0 /.test(l));
    const fedora = lines.findIndex((l) => / fedora-40 /.test(l));
    expect(dom0).toBeGreaterThan(0);
    // Everything else is built on fedora-40: its children follow it, the last one closing the branch.
    const children = lines.slice(fedora + 1).filter((l) => /[├└]─/.test(l));
    expect(children).toHaveLength(18);
    expect(children.at(-1)).toMatch(/└─work /);
    await c.type('t');
    lines = await c.waitFor('tree by netvm');
    const firewall = lines.findIndex((l) => l.includes(' sys-firewall '));
    expect(lines[firewall]).not.toMatch(/[├└]─sys-firewall/);
    expect(lines.slice(firewall + 1).filter((l) => /[├└]─/.test(l))).toHaveLength(16);
    await c.type(':', 'tree off', KEYS.enter);
    lines = await c.waitFor((ls) => !(ls[0] ?? '').includes('tree'), 'the flat table');
    expect(tableNames(lines)).toEqual(sortedNames(api));
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
    const byMem = [...qubes].sort((a, b) => b.memMiB - a.memMiB || a.name.localeCompare(b.name)).map((q) => q.name);
    await c.type(KEYS.home);
    await expectSelected(c, byMem[0]);
    expect(tableNames(await c.screen())).toEqual(byMem.slice(0, 19));
  });
});

