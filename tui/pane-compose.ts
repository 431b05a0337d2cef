/**
 * Draws a workspace into screen rows: each pane's cells copied out of its
 * screen model, and the frames and titles around them drawn by dom0. Only
 * cells are copied (their characters and the SGR of their style), never
 * bytes a program wrote, so nothing in a pane can reach the client's
 * terminal or draw over another pane's frame.
 */
import { borderGlyph, type BorderCell, type LayoutGeometry, type PaneTitle } from './pane-geometry.js';
import { printable } from './printable.js';

/** One cell of a pane's screen (services/terminals ScreenCell has this shape). */
export interface PaneCell {
  chars: string;
  width: number;
  sgr: string;
}

export interface PaneScreen {
  cells(row: number): readonly PaneCell[];
  /** A row exactly as paneRow draws its cells, read without making them (a screen model can). */
  line?(row: number, width: number): string;
  readonly rows: number;
}

export interface PaneView {
  /** The name in the pane's title, e.g. `work (console)` or `dom0`. */
  title: string;
  /** The pane's screen; null while it has none (starting, or gone). */
  screen: PaneScreen | null;
  /** The program's cursor within the pane, if it shows one. */
  cursor?: { x: number; y: number; visible: boolean };
}

export interface ComposeOptions {
  focused: number | null;
  ascii: boolean;
  /** Colours frame or title text for a pane (null: a junction of several panes); `focused` marks the focused pane's. */
  paint: (text: string, pane: number | null, focused: boolean) => string;
  ellipsis?: string;
}

export interface ComposedScreen {
  /** One string per screen row: text with SGR sequences, exactly `width` cells each. */
  lines: string[];
  /** Where the focused pane's cursor is on the screen, if it shows one. */
  cursor: { x: number; y: number } | null;
}

const RESET = '\x1b[0m';

/** The pane a border cell is drawn for: the focused pane if it touches it, else its title's pane, else the first neighbour. */
function ownerOf(cell: BorderCell, titleOwner: number | undefined, focused: number | null): number | null {
  if (focused !== null && cell.panes.includes(focused)) return focused;
  return titleOwner ?? cell.panes[0] ?? null;
}

/** A pane's row of `width` cells from its screen: cut at the pane's edge, padded with blanks. */
function paneRow(screen: PaneScreen | null, row: number, width: number): string {
  if (screen?.line && row < screen.rows) return screen.line(row, width);
  const cells = screen && row < screen.rows ? screen.cells(row) : [];
  let out = '';
  let sgr = '';
  let used = 0;
  for (const c of cells) {
    if (used >= width) break;
    if (c.width === 0) continue;
    // A wide character cut by the pane's edge becomes a blank.
    const fits = used + c.width <= width;
    if (c.sgr !== sgr) {
      out += c.sgr;
      sgr = c.sgr;
    }
    out += fits ? printable(c.chars) || ' ' : ' ';
    used += fits ? c.width : 1;
  }
  return `${out}${RESET}${' '.repeat(Math.max(0, width - used))}`;
}

/** A title: ` name ` after one frame glyph, with at least one frame glyph after it. */
function titleText(title: PaneTitle, name: string, ellipsis: string): string {
  const room = title.width - 4;
  if (room < 1) return '';
  const clean = printable(name);
  return ` ${clean.length > room ? clean.slice(0, Math.max(0, room - 1)) + ellipsis : clean} `;
}

export function composeWorkspace(g: LayoutGeometry, views: ReadonlyMap<number, PaneView>, opts: ComposeOptions): ComposedScreen {
  const ellipsis = opts.ellipsis ?? (opts.ascii ? '~' : '…');
  // The title text of each border cell it covers, by position.
  const titleChars = new Map<number, { ch: string; pane: number }>();
  const titleOwner = new Map<number, number>();
  for (const t of g.titles) {
    const text = titleText(t, views.get(t.id)?.title ?? '', ellipsis);
    for (let i = 0; i < t.width; i++) titleOwner.set(t.y * g.width + t.x + i, t.id);
    [...text].forEach((ch, i) => titleChars.set(t.y * g.width + t.x + 1 + i, { ch, pane: t.id }));
  }
  const paneAt = new Map<number, (typeof g.panes)[number][]>();
  for (const p of g.panes) for (let y = p.y; y < p.y + p.height; y++) paneAt.set(y, [...(paneAt.get(y) ?? []), p]);

  const lines: string[] = [];
  for (let y = 0; y < g.height; y++) {
    let line = '';
    let run = '';
    let runOwner: number | null | undefined;
    const flush = (): void => {
      if (run !== '') line += opts.paint(run, runOwner ?? null, runOwner !== null && runOwner === opts.focused);
      run = '';
    };
    const panes = paneAt.get(y) ?? [];
    for (let x = 0; x < g.width; ) {
      const pane = panes.find((p) => p.x === x);
      if (pane) {
        flush();
        line += paneRow(views.get(pane.id)?.screen ?? null, y - pane.y, pane.width);
        x += pane.width;
        continue;
      }
      const key = y * g.width + x;
      const cell = g.borderAt(x, y);
      const title = titleChars.get(key);
      const owner = title ? title.pane : cell ? ownerOf(cell, titleOwner.get(key), opts.focused) : null;
      if (owner !== runOwner) flush();
      runOwner = owner;
      run += title ? title.ch : cell ? borderGlyph(cell, opts.ascii) : ' ';
      x++;
    }
    flush();
    lines.push(line);
  }

  let cursor: ComposedScreen['cursor'] = null;
  const focused = g.panes.find((p) => p.id === opts.focused);
  const c = focused ? views.get(focused.id)?.cursor : undefined;
  if (focused && c?.visible && c.x < focused.width && c.y < focused.height) cursor = { x: focused.x + c.x, y: focused.y + c.y };
  return { lines, cursor };
}
