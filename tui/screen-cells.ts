/**
 * Reading cells out of a headless xterm screen model: the characters, width
 * and style of each cell, as the SGR sequence that draws them and as plain
 * values. Renderers copy cells, never the bytes a program wrote, so no escape
 * sequence from inside a model reaches the outside.
 */
import type { IBuffer, IBufferCell, IBufferLine } from '@xterm/headless';
import { printable } from './printable.js';

/** A colour: DEFAULT_COLOR, a palette index (0-255), or RGB_FLAG | 0xRRGGBB. */
export type CellColor = number;
export const DEFAULT_COLOR = -1;
export const RGB_FLAG = 0x1000000;

/** Attribute bits of ScreenCell.attrs. */
export const ATTR = {
  bold: 1,
  dim: 2,
  italic: 4,
  underline: 8,
  blink: 16,
  inverse: 32,
  invisible: 64,
  strikethrough: 128,
} as const;

export interface ScreenCell {
  /** The grapheme shown; ' ' for an empty cell, '' for the right half of a wide character. */
  chars: string;
  /** 1, 2 for a wide character, 0 for the cell it covers. */
  width: number;
  fg: CellColor;
  bg: CellColor;
  attrs: number;
  /** The SGR sequence that draws this cell's style from any state (it starts with a reset). */
  sgr: string;
}

const BLANK: ScreenCell = { chars: ' ', width: 1, fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0, sgr: '\x1b[0m' };

function attrsOf(c: IBufferCell): number {
  return (
    (c.isBold() ? ATTR.bold : 0) |
    (c.isDim() ? ATTR.dim : 0) |
    (c.isItalic() ? ATTR.italic : 0) |
    (c.isUnderline() ? ATTR.underline : 0) |
    (c.isBlink() ? ATTR.blink : 0) |
    (c.isInverse() ? ATTR.inverse : 0) |
    (c.isInvisible() ? ATTR.invisible : 0) |
    (c.isStrikethrough() ? ATTR.strikethrough : 0)
  );
}

const ATTR_SGR: ReadonlyArray<[number, number]> = [
  [ATTR.bold, 1],
  [ATTR.dim, 2],
  [ATTR.italic, 3],
  [ATTR.underline, 4],
  [ATTR.blink, 5],
  [ATTR.inverse, 7],
  [ATTR.invisible, 8],
  [ATTR.strikethrough, 9],
];

function colorParams(color: CellColor, base: number, bright: number): number[] {
  if (color === DEFAULT_COLOR) return [];
  if (color >= RGB_FLAG) return [base + 8, 2, (color >> 16) & 255, (color >> 8) & 255, color & 255];
  if (color < 8) return [base + color];
  if (color < 16) return [bright + color - 8];
  return [base + 8, 5, color];
}

/** The SGR sequence for a style, from a reset. */
export function sgrFor(fg: CellColor, bg: CellColor, attrs: number): string {
  const p: number[] = [0];
  for (const [bit, code] of ATTR_SGR) if (attrs & bit) p.push(code);
  p.push(...colorParams(fg, 30, 90), ...colorParams(bg, 40, 100));
  return `\x1b[${p.join(';')}m`;
}

function fgOf(c: IBufferCell): CellColor {
  return c.isFgRGB() ? RGB_FLAG | c.getFgColor() : c.isFgPalette() ? c.getFgColor() : DEFAULT_COLOR;
}

function bgOf(c: IBufferCell): CellColor {
  return c.isBgRGB() ? RGB_FLAG | c.getBgColor() : c.isBgPalette() ? c.getBgColor() : DEFAULT_COLOR;
}

/** The cells of one buffer line (absolute index, scrollback included), `cols` wide. */
export function readLine(buf: IBuffer, line: number, cols: number): ScreenCell[] {
  const row: ScreenCell[] = [];
  const l = buf.getLine(line);
  const cell = buf.getNullCell();
  // Cells come in runs of one style: its SGR is built once per run, not once per cell.
  let last = BLANK;
  for (let x = 0; x < cols; x++) {
    const c = l?.getCell(x, cell);
    if (!c) {
      row.push(BLANK);
      continue;
    }
    const fg = fgOf(c);
    const bg = bgOf(c);
    const attrs = attrsOf(c);
    const width = c.getWidth();
    const sgr = fg === last.fg && bg === last.bg && attrs === last.attrs ? last.sgr : sgrFor(fg, bg, attrs);
    last = { chars: c.getChars() || (width === 0 ? '' : ' '), width, fg, bg, attrs, sgr };
    row.push(last);
  }
  return row;
}

const RESET = '\x1b[0m';

/** A cell's characters as drawn: most are one printable character, which printable()'s regex need not look at. */
function drawnChars(chars: string): string {
  if (chars.length === 1) {
    const code = chars.charCodeAt(0);
    if (code >= 0x20 && (code < 0x7f || code > 0x9f)) return chars;
  }
  return printable(chars) || ' ';
}

/** Cells of `l` from the last one that shows anything (a character, or a style a blank shows: a background, inverse). */
function shownLength(l: IBufferLine, cell: IBufferCell): number {
  let end = l.length;
  while (end > 0) {
    const c = l.getCell(end - 1, cell);
    if (!c || (c.getCode() !== 0 && c.getChars() !== ' ') || !c.isAttributeDefault()) break;
    end--;
  }
  return end;
}

/**
 * One buffer line as the renderer draws it into a pane `width` cells wide:
 * each style's SGR where the style changes, characters made printable, a
 * wide character cut by the edge as a blank, padded with blanks after a
 * reset. The same text as drawing readLine's cells, without a cell object
 * per cell: a pane is read this way for every change a client is shown.
 */
export function styledLine(buf: IBuffer, line: number, width: number): string {
  const l = buf.getLine(line);
  let out = '';
  let used = 0;
  if (l) {
    const cell = buf.getNullCell();
    const end = shownLength(l, cell);
    let fg = NaN;
    let bg = NaN;
    let attrs = NaN;
    for (let x = 0; x < end && used < width; x++) {
      const c = l.getCell(x, cell);
      if (!c) break;
      const w = c.getWidth();
      if (w === 0) continue;
      const plain = c.isAttributeDefault();
      const f = plain ? DEFAULT_COLOR : fgOf(c);
      const b = plain ? DEFAULT_COLOR : bgOf(c);
      const a = plain ? 0 : attrsOf(c);
      if (f !== fg || b !== bg || a !== attrs) {
        out += sgrFor(f, b, a);
        fg = f;
        bg = b;
        attrs = a;
      }
      const fits = used + w <= width;
      out += fits ? drawnChars(c.getChars()) : ' ';
      used += fits ? w : 1;
    }
  }
  return `${out}${RESET}${' '.repeat(Math.max(0, width - used))}`;
}
