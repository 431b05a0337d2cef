/**
 * ScreenDiffStream: whatever is written into it, the client's terminal (a real
 * emulator here) ends up showing the same cells, from far fewer bytes.
 */
import xterm from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenDiffOptions } from '../../../tui/screen-diff-stream.js';
import { FakeConsoleApi } from './fake-console-api.js';
import type { MountedConsole } from './tty-harness.js';
import { KEYS, mountConsole } from './tty-harness.js';
import { DiffStreamClient, writeTerm } from '../../support/diff-stream-client.js';

type Term = xterm.Terminal;

function cells(term: Term): string[] {
  const buffer = term.buffer.active;
  const out: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    for (let x = 0; x < term.cols; x++) {
      const c = line?.getCell(x);
      if (!c || c.getWidth() === 0) continue;
      out.push(
        [y, x, c.getChars() || ' ', c.getFgColorMode(), c.getFgColor(), c.getBgColorMode(), c.getBgColor(), c.isBold(), c.isDim(), c.isInverse(), c.isUnderline()].join(','),
      );
    }
  }
  return out;
}

/** The client, and a reference emulator on the daemon's side fed the same writes. */
class Rig extends DiffStreamClient {
  readonly daemonSide: Term;

  constructor(cols: number, rows: number, options: ScreenDiffOptions = {}) {
    super(cols, rows, options);
    this.daemonSide = new xterm.Terminal({ cols, rows, allowProposedApi: true, convertEol: true, scrollback: 0 });
  }

  /** Writes to both the stream and the reference emulator, then waits for the frame to reach the client. */
  async frame(data: string): Promise<number> {
    const before = this.out.bytes;
    await this.sent(async () => {
      this.stream.write(data);
      await writeTerm(this.daemonSide, data);
    });
    return this.out.bytes - before;
  }

  override dispose(): void {
    super.dispose();
    this.daemonSide.dispose();
  }
}

let rig: Rig | undefined;
let mounted: MountedConsole | undefined;
afterEach(async () => {
  rig?.dispose();
  rig = undefined;
  await mounted?.dispose();
  mounted = undefined;
});

describe('ScreenDiffStream', () => {
  it('leaves the client showing exactly the cells written: colours, attributes, wide glyphs, clears', async () => {
    rig = new Rig(40, 10);
    await rig.frame('\u001b[2J\u001b[Hplain\n\u001b[1;31mbold red\u001b[0m \u001b[38;5;208morange\u001b[0m \u001b[48;2;1;2;3mrgb bg\u001b[0m\n\u001b[7minverse\u001b[0m 漢字 é\n');
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
    await rig.frame('\u001b[2J\u001b[3J\u001b[H\u001b[2mdim\u001b[0m\n\u001b[4munder\u001b[0m\n' + 'x'.repeat(40) + 'y'.repeat(40));
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
    expect(rig.client.buffer.active.getLine(3)?.translateToString(true)).toBe('y'.repeat(40));
  });

  it('sends only what changed: one character costs a few bytes, an unchanged frame none', async () => {
    rig = new Rig(80, 24);
    const screen = Array.from({ length: 23 }, (_, i) => `line ${i} `.padEnd(79, '.')).join('\n');
    const first = await rig.frame(`\u001b[H${screen}`);
    expect(first).toBeGreaterThan(23 * 79);
    // Ink's way of redrawing: clear everything and write it all again, with one character different.
    const changed = screen.replace('line 12 ', 'line 12!');
    const delta = await rig.frame(`\u001b[2J\u001b[H${changed}`);
    expect(delta).toBeLessThan(30);
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
    expect(await rig.frame(`\u001b[2J\u001b[H${changed}`)).toBe(0);
  });

  it('redraws the whole screen after the client resized, even before anything new is written', async () => {
    rig = new Rig(40, 10);
    await rig.frame('\u001b[Hhello');
    const before = rig.out.bytes;
    const redrawn = new Promise((resolve) => rig?.stream.once('flushed', resolve));
    rig.client.resize(50, 12);
    rig.daemonSide.resize(50, 12);
    rig.out.resize(50, 12);
    expect(rig.stream.columns).toBe(50);
    await redrawn;
    expect(rig.out.bytes - before).toBeGreaterThan(50 * 12);
    await rig.frame('\u001b[5;5Hworld');
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
  });
});

describe('ScreenDiffStream in frames mode (each write a whole frame, as Ink writes in debug mode)', () => {
  const frame = (lines: string[]): string => lines.join('\n');
  const shown = (r: Rig): string[] => Array.from({ length: r.client.rows }, (_, y) => (r.client.buffer.active.getLine(y)?.translateToString(true) ?? '').trimEnd());

  it('draws each frame as the client should see it, sending only the rows that changed', async () => {
    rig = new Rig(30, 6, { frames: true });
    const lines = ['title', '\u001b[31mred\u001b[39m row', 'plain', '\u001b[1mbold\u001b[22m', '', 'status'];
    await rig.frame(frame(lines));
    expect(shown(rig)).toEqual(['title', 'red row', 'plain', 'bold', '', 'status']);
    const delta = await rig.sent(() => rig?.stream.write(frame(lines.map((l, i) => (i === 2 ? 'plain!' : l)))));
    expect(delta).toBe('\u001b[3;6H!');
    expect(shown(rig)[2]).toBe('plain!');
    expect(await rig.sent(() => rig?.stream.write(frame(lines.map((l, i) => (i === 2 ? 'plain!' : l)))))).toBe('');
    // A shorter frame leaves the rows below it blank.
    await rig.sent(() => rig?.stream.write(frame(['only'])));
    expect(shown(rig)).toEqual(['only', '', '', '', '', '']);
  });

  it('a region of rows drawn over the frame shows instead of them until it is taken away', async () => {
    rig = new Rig(30, 6, { frames: true });
    const ink = frame(['title', 'header', '', '', '', 'status']);
    await rig.frame(ink);
    await rig.sent(() => rig?.stream.setRegion(rig, { top: 2, lines: ['row \u001b[7mone\u001b[27m', 'row two'], inserted: false }));
    expect(shown(rig)).toEqual(['title', 'header', 'row one', 'row two', '', 'status']);
    expect(rig.client.buffer.active.getLine(2)?.getCell(4)?.isInverse()).toBeTruthy();
    // Ink's frames leave the region alone, and a changed region row costs only its changed cells.
    expect(await rig.sent(() => rig?.stream.write(ink))).toBe('');
    expect(await rig.sent(() => rig?.stream.setRegion(rig, { top: 2, lines: ['row \u001b[7mone\u001b[27m', 'row 2'], inserted: false }))).toBe('\u001b[3D2  ');
    await rig.sent(() => rig?.stream.setRegion(rig, null));
    expect(shown(rig)).toEqual(['title', 'header', '', '', '', 'status']);
  });

  it('an inserted region puts its rows between Ink\'s, which then need no blank rows for it', async () => {
    rig = new Rig(30, 6, { frames: true });
    await rig.frame(frame(['title', 'header', 'toast', 'status']));
    await rig.sent(() => rig?.stream.setRegion(rig, { top: 2, lines: ['row one', 'row two'], inserted: true }));
    expect(shown(rig)).toEqual(['title', 'header', 'row one', 'row two', 'toast', 'status']);
    // Ink's rows below the region change in place; the region's rows are not sent again.
    const delta = await rig.sent(() => rig?.stream.write(frame(['title', 'header', 'toast!', 'status'])));
    expect(delta).not.toContain('row');
    expect(shown(rig)).toEqual(['title', 'header', 'row one', 'row two', 'toast!', 'status']);
    await rig.sent(() => rig?.stream.setRegion(rig, null));
    expect(shown(rig)).toEqual(['title', 'header', 'toast!', 'status', '', '']);
  });

  it('one character typed at the real cursor costs one byte', async () => {
    rig = new Rig(30, 4, { frames: true });
    rig.stream.setCursor({ x: 5, y: 1 });
    await rig.frame(frame(['pane', '$ ab', '', 'status']));
    rig.stream.setCursor({ x: 4, y: 1 });
    await rig.sent(() => undefined);
    const echo = await rig.sent(() => {
      rig?.stream.write(frame(['pane', '$ abc', '', 'status']));
      rig?.stream.setCursor({ x: 5, y: 1 });
    });
    expect(echo).toBe('c');
    expect([rig.client.buffer.active.cursorX, rig.client.buffer.active.cursorY]).toEqual([5, 1]);
  });
});

describe('the console over ScreenDiffStream', () => {
  it('a key typed in the prompt sends a few dozen bytes, not a screen', async () => {
    const api = new FakeConsoleApi();
    mounted = mountConsole(api, { columns: 100, rows: 30 });
    const c = mounted;
    await c.waitFor('clipboard empty');
    const full = c.handle.stats.bytes;
    await c.type(':');
    await c.waitFor((ls) => ls.some((l) => l.startsWith(':')), 'the prompt');
    const before = c.handle.stats.bytes;
    await c.type('k');
    const cursorAfterK = (): boolean => c.term.buffer.active.cursorX === 2 && c.term.buffer.active.cursorY === 28;
    await c.waitFor((ls) => ls.some((l) => l.startsWith(':k')) && cursorAfterK(), ':k with the cursor after it');
    const echo = c.handle.stats.bytes - before;
    // Benchmark figure: the echo of one character. The prompt's cursor is the real one, moved in the same frame as the character is drawn: the character is all.
    console.log(`first frame ${full} bytes; one-character echo in the prompt ${echo} bytes`);
    expect(echo).toBe(1);
    await c.type(KEYS.escape);
  });
});
