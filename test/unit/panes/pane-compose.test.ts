import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readLine, styledLine } from '../../../tui/screen-cells.js';
import { composeWorkspace, type PaneScreen, type PaneView } from '../../../tui/pane-compose.js';
import { PaneLayout } from '../../../tui/pane-layout.js';

const { Terminal } = xtermHeadless;

/** A screen model that was fed `text`, read the way the renderer reads pane terminals. */
async function screen(cols: number, rows: number, text: string): Promise<PaneScreen> {
  const t = new Terminal({ cols, rows, allowProposedApi: true });
  await new Promise<void>((resolve) => t.write(text, resolve));
  return { rows, cells: (row) => readLine(t.buffer.active, row, cols) };
}

/** Marks painted runs as {pane[*]:text} so frames and their colours can be read in assertions. */
const paint = (text: string, pane: number | null, focused: boolean): string => `{${pane ?? '-'}${focused ? '*' : ''}:${text}}`;
const plain = (line: string): string => line.replace(/\x1b\[[0-9;]*m/g, '').replace(/\{[-\d]+\*?:([^}]*)\}/g, '$1');

describe('composeWorkspace', () => {
  it('draws pane cells inside frames with titles, the focused pane marked, every line exactly the screen width', async () => {
    const layout = PaneLayout.create(24, 5);
    layout.split(0, 'horizontal');
    const views = new Map<number, PaneView>([
      [0, { title: 'work (console)', screen: await screen(11, 4, 'hello\r\n\x1b[31mred\x1b[0m'), cursor: { x: 3, y: 1, visible: true } }],
      [1, { title: 'dom0', screen: await screen(40, 2, 'a-very-long-line-that-is-cut\r\n界界界界界界') }],
    ]);
    const { lines, cursor } = composeWorkspace(layout.geometry(), views, { focused: 0, ascii: false, paint });
    expect(lines.map(plain)).toEqual([
      '─ work (c… ─┬─ dom0 ────',
      'hello       │a-very-long',
      'red         │界界界界界 ',
      '            │           ',
      '            │           ',
    ]);
    // The focused pane's title and frame are painted as focused; the junction belongs to no pane.
    expect(lines[0]).toBe('{0*:─ work (c… ─}{-:┬}{1:─ dom0 ────}');
    expect(lines[1]).toContain('{0*:│}');
    expect(lines[2]).toContain('\x1b[0;31mr');
    expect(cursor).toEqual({ x: 3, y: 2 });
  });

  it('cuts a wide character at the pane edge and sanitises titles', async () => {
    const layout = PaneLayout.create(12, 3);
    const views = new Map<number, PaneView>([[0, { title: 'ev\x1b\x07il', screen: await screen(20, 2, 'abcdefghijk界') }]]);
    const { lines, cursor } = composeWorkspace(layout.geometry(), views, { focused: null, ascii: true, paint });
    expect(lines.map(plain)).toEqual(['- ev il ----', 'abcdefghijk ', '            ']);
    expect(lines.join('')).not.toContain('\x07');
    expect(cursor).toBeNull();
  });
});

describe('a pane row read as a styled line', () => {
  /** What a client would show for `lines`: each cell's characters and style, through a real emulator. */
  async function shown(lines: readonly string[], cols: number): Promise<string[][]> {
    const t = new Terminal({ cols, rows: lines.length, allowProposedApi: true });
    await new Promise<void>((resolve) => t.write(lines.map((l, y) => `\x1b[${y + 1}H${l}`).join(''), resolve));
    const rows = Array.from({ length: lines.length }, (_, y) => readLine(t.buffer.active, y, cols).map((c) => `${c.sgr}|${c.chars}`));
    t.dispose();
    return rows;
  }

  const piece = fc.oneof(
    fc.constantFrom('word', ' ', '界', 'é', '\t', '\x07', '\r\n', '\x1b[0m', '\x1b[1;31m', '\x1b[7m', '\x1b[38;5;200m', '\x1b[48;2;1;2;3m', '\x1b[4;9m', '\x1b[2K', '\x1b[5C', 'e\u0301'),
    fc.string({ maxLength: 12 }),
  );

  it('draws what the cells draw, at any pane width, wide characters cut at the edge included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 14 }), async (pieces, width) => {
        const t = new Terminal({ cols: 12, rows: 3, allowProposedApi: true });
        await new Promise<void>((resolve) => t.write(pieces.join(''), resolve));
        const buf = t.buffer.active;
        const fromCells = composeWorkspace(PaneLayout.create(width + 2, 5).geometry(), new Map([[0, { title: '', screen: { rows: 3, cells: (row: number) => readLine(buf, buf.baseY + row, 12) } }]]), { focused: null, ascii: true, paint: (s: string) => s });
        const fromLines = composeWorkspace(PaneLayout.create(width + 2, 5).geometry(), new Map([[0, { title: '', screen: { rows: 3, cells: () => [], line: (row: number, w: number) => styledLine(buf, buf.baseY + row, w) } }]]), { focused: null, ascii: true, paint: (s: string) => s });
        t.dispose();
        expect(await shown(fromLines.lines, width + 2)).toEqual(await shown(fromCells.lines, width + 2));
      }),
      { numRuns: 300 },
    );
  });
});
