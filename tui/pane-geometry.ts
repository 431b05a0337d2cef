/**
 * Where a layout tree puts its panes on a screen of a given size, and where
 * dom0 draws the lines between them. The top row is a border line too, so
 * every pane has a line above it (the top row, or the border to the pane
 * above) that carries its title: the pane's name and label colour are always
 * drawn by dom0, never by what runs inside.
 */
import { minExtent, paneIds, type LayoutNode, type SplitNode } from './pane-tree.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PaneRect extends Rect {
  id: number;
}

/** A border cell and the border cells it joins, which decide its glyph (see borderGlyph). */
export interface BorderCell {
  x: number;
  y: number;
  up: boolean;
  down: boolean;
  left: boolean;
  right: boolean;
  /** Panes next to this cell (left/right or above/below), so a renderer can colour it by the pane it frames. */
  panes: number[];
}

/** The cells of the border line above a pane where its title goes. */
export interface PaneTitle {
  id: number;
  x: number;
  y: number;
  width: number;
}

export interface LayoutGeometry {
  width: number;
  height: number;
  /** Inner areas of the panes shown, in layout order. */
  panes: PaneRect[];
  /** Panes not shown: they do not fit the screen, or another pane is zoomed. */
  hidden: number[];
  borders: BorderCell[];
  titles: PaneTitle[];
  /** The border cell at a position, if any. */
  borderAt(x: number, y: number): BorderCell | undefined;
}

/**
 * Splits `total` cells in proportion to `weights`, no child below its minimum.
 * The caller guarantees the minimums fit.
 */
export function distribute(total: number, weights: readonly number[], mins: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const ideal = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const sizes = ideal.map((v, i) => Math.max(mins[i] ?? 0, Math.floor(v)));
  let used = sizes.reduce((a, b) => a + b, 0);
  // Raising children to their minimum may overshoot: take it back from the largest ones that can give.
  while (used > total) {
    let best = -1;
    for (let i = 0; i < sizes.length; i++) {
      const room = (sizes[i] as number) - (mins[i] ?? 0);
      if (room > 0 && (best < 0 || (sizes[i] as number) > (sizes[best] as number))) best = i;
    }
    if (best < 0) break;
    sizes[best] = (sizes[best] as number) - 1;
    used--;
  }
  // Cells left over by rounding go to the largest fractions, earlier children first on ties.
  const order = ideal.map((v, i) => ({ i, frac: v - Math.floor(v) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; used < total; k = (k + 1) % order.length) {
    const i = (order[k] as { i: number }).i;
    sizes[i] = (sizes[i] as number) + 1;
    used++;
  }
  return sizes;
}

/** Called for each split with the cells each child got along its axis (0 when hidden). */
export type SplitSizeVisitor = (split: SplitNode, sizes: readonly number[]) => void;

interface Placement {
  panes: PaneRect[];
  hidden: number[];
  /** Border cells of the splits, as x,y pairs. */
  lines: Array<[number, number]>;
}

function place(node: LayoutNode, rect: Rect, out: Placement, visit?: SplitSizeVisitor): void {
  if (node.type === 'pane') {
    if (rect.width >= 1 && rect.height >= 1) out.panes.push({ id: node.id, ...rect });
    else out.hidden.push(node.id);
    return;
  }
  const horizontal = node.direction === 'horizontal';
  const extent = horizontal ? rect.width : rect.height;
  const mins = node.children.map((c) => minExtent(c.node, node.direction));
  // On a screen too small for all children, the last ones are left out (and listed as hidden).
  let shown = node.children.length;
  const need = (n: number): number => mins.slice(0, n).reduce((a, b) => a + b, 0) + n - 1;
  while (shown > 0 && need(shown) > extent) shown--;
  const sizes = shown > 0 ? distribute(extent - (shown - 1), node.children.slice(0, shown).map((c) => c.size), mins.slice(0, shown)) : [];
  visit?.(node, node.children.map((_, i) => sizes[i] ?? 0));
  let at = horizontal ? rect.x : rect.y;
  node.children.forEach((child, i) => {
    const size = sizes[i] ?? 0;
    if (i >= shown) {
      out.hidden.push(...paneIds(child.node));
      return;
    }
    const childRect = horizontal ? { x: at, y: rect.y, width: size, height: rect.height } : { x: rect.x, y: at, width: rect.width, height: size };
    place(child.node, childRect, out, visit);
    at += size;
    if (i < shown - 1) {
      const span = horizontal ? rect.height : rect.width;
      for (let k = 0; k < span; k++) out.lines.push(horizontal ? [at, rect.y + k] : [rect.x + k, at]);
      at++;
    }
  });
}

/** The area panes are laid out in: everything below the top border line. */
export function paneArea(width: number, height: number): Rect {
  return { x: 0, y: 1, width, height: Math.max(0, height - 1) };
}

/**
 * Lays out `root` on a width x height screen. With `zoomed` set, that pane
 * alone fills the area. `visit` sees every split child's size (used to store
 * the sizes back after a change).
 */
export function computeGeometry(root: LayoutNode, width: number, height: number, zoomed: number | null = null, visit?: SplitSizeVisitor): LayoutGeometry {
  const out: Placement = { panes: [], hidden: [], lines: [] };
  const area = paneArea(width, height);
  if (zoomed !== null) {
    place({ type: 'pane', id: zoomed }, area, out);
    out.hidden.push(...paneIds(root).filter((id) => id !== zoomed));
  } else {
    place(root, area, out, visit);
  }
  const cells = new Map<number, BorderCell>();
  const key = (x: number, y: number): number => y * width + x;
  const add = (x: number, y: number): void => {
    if (x >= 0 && x < width && y >= 0 && y < height) cells.set(key(x, y), { x, y, up: false, down: false, left: false, right: false, panes: [] });
  };
  for (let x = 0; x < width; x++) add(x, 0);
  for (const [x, y] of out.lines) add(x, y);
  const at = (x: number, y: number): BorderCell | undefined => (x >= 0 && x < width && y >= 0 && y < height ? cells.get(key(x, y)) : undefined);
  // Adjacent border cells are always drawn joined: that makes the tees and crosses.
  for (const c of cells.values()) {
    c.up = at(c.x, c.y - 1) !== undefined;
    c.down = at(c.x, c.y + 1) !== undefined;
    c.left = at(c.x - 1, c.y) !== undefined;
    c.right = at(c.x + 1, c.y) !== undefined;
  }
  for (const p of out.panes) {
    for (let y = p.y; y < p.y + p.height; y++) {
      at(p.x - 1, y)?.panes.push(p.id);
      at(p.x + p.width, y)?.panes.push(p.id);
    }
    for (let x = p.x; x < p.x + p.width; x++) {
      at(x, p.y - 1)?.panes.push(p.id);
      at(x, p.y + p.height)?.panes.push(p.id);
    }
  }
  const borders = [...cells.values()].sort((a, b) => a.y - b.y || a.x - b.x);
  const titles = out.panes.map((p) => ({ id: p.id, x: p.x, y: p.y - 1, width: p.width }));
  return { width, height, panes: out.panes, hidden: out.hidden, borders, titles, borderAt: at };
}

const UNICODE_GLYPHS: Record<string, string> = {
  '0000': ' ',
  '1100': '│',
  '1000': '│',
  '0100': '│',
  '0011': '─',
  '0010': '─',
  '0001': '─',
  '0101': '┌',
  '0110': '┐',
  '1001': '└',
  '1010': '┘',
  '1101': '├',
  '1110': '┤',
  '0111': '┬',
  '1011': '┴',
  '1111': '┼',
};

/** The glyph for a border cell: box drawing, or ASCII (`|`, `-`, `+`) for the Linux console. */
export function borderGlyph(c: Pick<BorderCell, 'up' | 'down' | 'left' | 'right'>, ascii: boolean): string {
  const vertical = c.up || c.down;
  const horizontal = c.left || c.right;
  if (ascii) return vertical && horizontal ? '+' : vertical ? '|' : horizontal ? '-' : ' ';
  return UNICODE_GLYPHS[`${+c.up}${+c.down}${+c.left}${+c.right}`] ?? ' ';
}
