/**
 * Terminal size and capabilities: too small, resizing, colour depth, ASCII.
 */
import { describe, expect, it } from 'vitest';
import { FakeConsoleApi } from './fake-console-api.js';
import { KEYS } from './tty-harness.js';
import type { MountedConsole } from './tty-harness.js';
import { disposeConsolesAfterEach, mount, selectedName, sortedNames, tableNames } from './console-screen.js';

disposeConsolesAfterEach();

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

  it('ASCII mode draws nothing but ASCII, even where text is cut short', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api, 80, 24, { ascii: true, colors: 'linux16' });
    const nonAscii = (lines: string[]) => lines.join('').replace(/[\x20-\x7e]/g, '');
    let lines = await c.waitFor('clipboard empty');
    expect(selectedName(lines, '>')).toBe('anon-whonix');
    expect(lines[0]).toContain('sort NAME ^');
    expect(nonAscii(lines)).toBe('');
    await c.type('?');
    expect(nonAscii(await c.waitFor('Help: any key closes it'))).toBe('');
    await c.type('q', 'K');
    lines = await c.waitFor('Kill anon-whonix?');
    expect(lines.some((l) => /^\+-+\+/.test(l.trim()))).toBe(true);
    expect(nonAscii(lines)).toBe('');
    await c.type('n', ':', 'x'.repeat(100), KEYS.tab);
    lines = await c.waitFor((ls) => ls.some((l) => /^:x{70}/.test(l)), 'the long prompt line');
    expect(nonAscii(lines)).toBe('');
  });

  it('a client that hangs up stops getting frames, and the console still unmounts cleanly', async () => {
    const api = new FakeConsoleApi();
    const c = mount(api);
    await c.waitFor('clipboard empty');
    const errors: unknown[] = [];
    c.out.on('error', (e) => errors.push(e));
    const frames = c.handle.stats.frames;
    c.out.destroy();
    api.update({ clipboard: { bytes: 1, source: 'work' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(c.handle.stats.frames).toBe(frames);
    c.handle.unmount();
    await c.handle.waitUntilExit();
    expect(errors).toEqual([]);
  });
});
