import { describe, expect, it } from 'vitest';
import { borderGlyph, type LayoutGeometry } from '../../../tui/pane-geometry.js';
import { PaneLayout, PaneLayoutError, type FocusDirection, type PresetName, type SplitDirection } from '../../../tui/pane-layout.js';

/** Draws a geometry: panes as their id's last digit, borders as box glyphs; throws on overlaps or gaps. */
function draw(g: LayoutGeometry, ascii = false): string[] {
  const grid: (string | null)[][] = Array.from({ length: g.height }, () => Array<string | null>(g.width).fill(null));
  const put = (x: number, y: number, ch: string): void => {
    const row = grid[y];
    if (!row || x < 0 || x >= g.width) throw new Error(`cell ${x},${y} is off the screen`);
    if (row[x] !== null) throw new Error(`cell ${x},${y} drawn twice (${row[x]} and ${ch})`);
    row[x] = ch;
  };
  for (const p of g.panes) for (let y = p.y; y < p.y + p.height; y++) for (let x = p.x; x < p.x + p.width; x++) put(x, y, String(p.id % 10));
  for (const b of g.borders) put(b.x, b.y, borderGlyph(b, ascii));
  return grid.map((row, y) =>
    row
      .map((c, x) => {
        if (c === null) throw new Error(`cell ${x},${y} is neither pane nor border`);
        return c;
      })
      .join(''),
  );
}

function rects(layout: PaneLayout): Record<number, string> {
  return Object.fromEntries(layout.geometry().panes.map((p) => [p.id, `${p.x},${p.y} ${p.width}x${p.height}`]));
}

/** Builds lr[0, tb[1, 2]] on a screen. */
function threePanes(width: number, height: number): PaneLayout {
  const l = PaneLayout.create(width, height);
  l.split(0, 'horizontal');
  l.split(1, 'vertical');
  return l;
}

describe('PaneLayout: splits and borders', () => {
  it('one pane fills the screen under the title line', () => {
    const l = PaneLayout.create(80, 24);
    expect(rects(l)).toEqual({ 0: '0,1 80x23' });
    expect(l.geometry().titles).toEqual([{ id: 0, x: 0, y: 0, width: 80 }]);
    expect(draw(l.geometry())[0]).toBe('─'.repeat(80));
  });

  it.each<[number, number, SplitDirection, Record<number, string>]>([
    [80, 24, 'horizontal', { 0: '0,1 40x23', 1: '41,1 39x23' }],
    [80, 24, 'vertical', { 0: '0,1 80x11', 1: '0,13 80x11' }],
    [81, 25, 'horizontal', { 0: '0,1 40x24', 1: '41,1 40x24' }],
    [81, 25, 'vertical', { 0: '0,1 81x12', 1: '0,14 81x11' }],
    [200, 50, 'horizontal', { 0: '0,1 100x49', 1: '101,1 99x49' }],
    [5, 3, 'horizontal', { 0: '0,1 2x2', 1: '3,1 2x2' }],
    [2, 4, 'vertical', { 0: '0,1 2x1', 1: '0,3 2x1' }],
  ])('%ix%i split %s', (w, h, dir, expected) => {
    const l = PaneLayout.create(w, h);
    expect(l.split(0, dir)).toBe(1);
    expect(rects(l)).toEqual(expected);
    draw(l.geometry());
  });

  it('draws frames with tees and crosses, and titles on the line above each pane', () => {
    const l = threePanes(12, 7);
    l.split(0, 'vertical');
    expect(draw(l.geometry())).toEqual([
      '──────┬─────',
      '000000│11111',
      '000000│11111',
      '000000│11111',
      '──────┼─────',
      '333333│22222',
      '333333│22222',
    ]);
    const g = l.geometry();
    expect(g.titles.find((t) => t.id === 2)).toEqual({ id: 2, x: 7, y: 4, width: 5 });
    expect(g.titles.find((t) => t.id === 3)).toEqual({ id: 3, x: 0, y: 4, width: 6 });
    expect(g.borderAt(6, 1)?.panes).toEqual([0, 1]);
    expect(g.borderAt(6, 0)?.panes).toEqual([]);
    expect(g.borderAt(8, 4)?.panes.sort()).toEqual([1, 2]);
    expect(g.borderAt(6, 4)).toMatchObject({ up: true, down: true, left: true, right: true, panes: [] });
    expect(g.borderAt(0, 5)).toBeUndefined();
  });

  it('draws ASCII frames for the Linux console', () => {
    expect(draw(threePanes(9, 6).geometry(), true)).toEqual([
      '----+----', //
      '0000|1111',
      '0000|1111',
      '0000+----',
      '0000|2222',
      '0000|2222',
    ]);
  });

  it.each<[number, number, SplitDirection, string]>([
    [4, 24, 'horizontal', 'pane 0 is too small to split side by side: it is 4 columns wide, a split needs 5'],
    [80, 3, 'vertical', 'pane 0 is too small to split one above the other: it is 2 rows high, a split needs 3'],
  ])('refuses a split that does not fit (%ix%i %s)', (w, h, dir, message) => {
    const l = PaneLayout.create(w, h);
    l.split(0, dir === 'horizontal' ? 'vertical' : 'horizontal');
    l.zoom(0);
    const before = JSON.stringify(l);
    expect(() => l.split(0, dir)).toThrow(new PaneLayoutError('too-small', message));
    expect(JSON.stringify(l)).toBe(before);
  });

  it('splits into the parent when the direction matches, halving the pane', () => {
    const l = PaneLayout.create(80, 24);
    l.split(0, 'horizontal');
    l.split(0, 'horizontal');
    expect(l.panes()).toEqual([0, 2, 1]);
    expect(rects(l)).toEqual({ 0: '0,1 20x23', 2: '21,1 19x23', 1: '41,1 39x23' });
    const root = l.toJSON().root;
    expect(root.type === 'split' && root.children.length).toBe(3);
  });

  it('rejects unknown panes and taken ids', () => {
    const l = PaneLayout.create(80, 24);
    expect(() => l.split(7, 'vertical')).toThrow(expect.objectContaining({ kind: 'no-such-pane' }));
    expect(() => l.split(0, 'vertical', 0)).toThrow(expect.objectContaining({ kind: 'invalid' }));
    expect(l.split(0, 'vertical', 42)).toBe(42);
    expect(l.split(0, 'vertical')).toBe(43);
  });

  it('keeps every cell covered exactly once through many splits at odd sizes', () => {
    for (const [w, h] of [
      [80, 24],
      [200, 50],
      [97, 31],
      [23, 11],
    ] as const) {
      const l = PaneLayout.create(w, h);
      let next = 0;
      for (let i = 0; i < 40; i++) {
        const ids = l.panes();
        const target = ids[(i * 7) % ids.length] as number;
        try {
          next = l.split(target, i % 3 === 0 ? 'vertical' : 'horizontal');
        } catch (e) {
          expect(e).toMatchObject({ kind: 'too-small' });
        }
        const g = l.geometry();
        draw(g);
        expect(g.hidden).toEqual([]);
        for (const p of g.panes) expect(p.width >= 2 && p.height >= 1).toBe(true);
      }
      expect(next).toBeGreaterThan(3);
    }
  });
});

describe('PaneLayout: close', () => {
  it('gives the space to the sibling before, or after for the first', () => {
    const a = PaneLayout.create(80, 24);
    a.split(0, 'horizontal');
    expect(a.close(1)).toBe(0);
    expect(rects(a)).toEqual({ 0: '0,1 80x23' });
    const b = PaneLayout.create(80, 24);
    b.split(0, 'horizontal');
    b.split(1, 'horizontal');
    expect(b.close(0)).toBe(1);
    expect(rects(b)).toEqual({ 1: '0,1 60x23', 2: '61,1 19x23' });
  });

  it('collapses one-child splits and merges them into a parent of the same direction', () => {
    const l = threePanes(80, 24);
    l.split(2, 'horizontal');
    // lr[0, tb[1, lr[2, 3]]]: closing 1 leaves lr[2, 3] inside the root's lr.
    expect(l.close(1)).toBe(2);
    const root = l.toJSON().root;
    expect(root.type === 'split' && root.children.map((c) => c.node)).toEqual([
      { type: 'pane', id: 0 },
      { type: 'pane', id: 2 },
      { type: 'pane', id: 3 },
    ]);
    expect(rects(l)).toEqual({ 0: '0,1 40x23', 2: '41,1 19x23', 3: '61,1 19x23' });
  });

  it('refuses to close the last pane and unzooms a closed zoomed pane', () => {
    const l = PaneLayout.create(80, 24);
    expect(() => l.close(0)).toThrow(expect.objectContaining({ kind: 'last-pane' }));
    l.split(0, 'vertical');
    l.zoom(1);
    l.close(1);
    expect(l.zoomed).toBeNull();
  });
});

describe('PaneLayout: presets', () => {
  function withPanes(n: number, w: number, h: number): PaneLayout {
    const l = PaneLayout.create(w, h);
    for (let i = 1; i < n; i++) l.split(i - 1, i % 2 ? 'vertical' : 'horizontal');
    return l;
  }

  it.each<[PresetName, number, number, number, Record<number, string>]>([
    ['even-horizontal', 3, 80, 24, { 0: '0,1 26x23', 1: '27,1 26x23', 2: '54,1 26x23' }],
    ['even-horizontal', 4, 200, 50, { 0: '0,1 50x49', 1: '51,1 49x49', 2: '101,1 49x49', 3: '151,1 49x49' }],
    ['even-vertical', 3, 80, 24, { 0: '0,1 80x7', 1: '0,9 80x7', 2: '0,17 80x7' }],
    ['even-vertical', 2, 81, 25, { 0: '0,1 81x12', 1: '0,14 81x11' }],
    ['main-vertical', 4, 80, 24, { 0: '0,1 40x23', 1: '41,1 39x7', 2: '41,9 39x7', 3: '41,17 39x7' }],
    ['main-vertical', 1, 80, 24, { 0: '0,1 80x23' }],
    ['tiled', 4, 80, 24, { 0: '0,1 40x11', 1: '41,1 39x11', 2: '0,13 40x11', 3: '41,13 39x11' }],
    ['tiled', 5, 200, 50, { 0: '0,1 100x16', 1: '101,1 99x16', 2: '0,18 100x16', 3: '101,18 99x16', 4: '0,35 200x15' }],
  ])('%s with %i panes at %ix%i', (name, n, w, h, expected) => {
    const l = withPanes(n, w, h);
    l.selectLayout(name);
    expect(l.preset).toBe(name);
    expect(rects(l)).toEqual(expected);
    draw(l.geometry());
  });

  it('main-vertical takes the main pane given', () => {
    const l = withPanes(3, 80, 24);
    l.selectLayout('main-vertical', 2);
    expect(rects(l)[2]).toBe('0,1 40x23');
  });

  it('nextLayout cycles through the presets, and a split leaves the cycle', () => {
    const l = withPanes(3, 80, 24);
    expect([l.nextLayout(), l.nextLayout(), l.nextLayout(), l.nextLayout(), l.nextLayout()]).toEqual(['even-horizontal', 'even-vertical', 'main-vertical', 'tiled', 'even-horizontal']);
    l.split(0, 'vertical');
    expect(l.preset).toBeNull();
    expect(l.nextLayout()).toBe('even-horizontal');
  });

  it('hides the panes that do not fit a small screen and shows them again when it grows', () => {
    const l = PaneLayout.create(200, 50);
    for (let i = 1; i < 12; i++) {
      l.split(i - 1, 'horizontal');
      l.selectLayout('even-horizontal');
    }
    l.setSize(20, 10);
    const g = l.geometry();
    expect(g.panes.map((p) => p.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(g.hidden).toEqual([7, 8, 9, 10, 11]);
    draw(g);
    l.setSize(200, 50);
    expect(l.geometry().hidden).toEqual([]);
    expect(Object.values(rects(l)).every((r) => /\d+,1 1[56]x49/.test(r))).toBe(true);
  });
});

describe('PaneLayout: focus, zoom, resize', () => {
  it.each<[number, FocusDirection, { x: number; y: number } | undefined, number | null]>([
    [0, 'right', undefined, 1],
    [0, 'right', { x: 5, y: 20 }, 2],
    [0, 'right', { x: 5, y: 3 }, 1],
    [1, 'down', undefined, 2],
    [2, 'down', undefined, 1],
    [2, 'up', undefined, 1],
    [1, 'left', undefined, 0],
    [2, 'left', undefined, 0],
    [0, 'left', undefined, 1],
    [0, 'up', undefined, null],
    [1, 'right', undefined, 0],
  ])('from pane %i %s (cursor %o) -> %s', (from, dir, cursor, to) => {
    expect(threePanes(80, 24).focusNeighbor(from, dir, cursor)).toBe(to);
  });

  it('moves to the neighbour sharing the most rows when the cursor gives no answer', () => {
    const l = threePanes(80, 24);
    l.resize(1, 'down', 5);
    expect(rects(l)).toMatchObject({ 1: '41,1 39x16', 2: '41,18 39x6' });
    expect(l.focusNeighbor(0, 'right')).toBe(1);
    l.resize(1, 'up', 12);
    expect(l.focusNeighbor(0, 'right')).toBe(2);
  });

  it('zoom shows one pane over the whole area, toggles off, and is undone by a split or a move', () => {
    const l = threePanes(80, 24);
    expect(l.zoom(2)).toBe(true);
    expect(rects(l)).toEqual({ 2: '0,1 80x23' });
    expect(l.geometry().hidden).toEqual([0, 1]);
    expect(draw(l.geometry())[0]).toBe('─'.repeat(80));
    expect(l.zoom(2)).toBe(false);
    expect(Object.keys(rects(l))).toHaveLength(3);
    l.zoom(1);
    l.split(1, 'horizontal');
    expect(l.zoomed).toBeNull();
    l.zoom(1);
    expect(l.focusNeighbor(1, 'left')).toBe(0);
    expect(l.zoomed).toBeNull();
    expect(PaneLayout.create(80, 24).zoom(0)).toBe(false);
  });

  it.each<[number, FocusDirection, number, number, Record<number, string>]>([
    [0, 'right', 10, 10, { 0: '0,1 50x23', 1: '51,1 29x23' }],
    [0, 'right', 1000, 37, { 0: '0,1 77x23', 1: '78,1 2x23' }],
    [0, 'left', 1000, 38, { 0: '0,1 2x23', 1: '3,1 77x23' }],
    [1, 'left', 5, 5, { 0: '0,1 35x23', 1: '36,1 44x23' }],
    // The last pane has no right border: -R moves its left border, shrinking it.
    [1, 'right', 5, 5, { 0: '0,1 45x23', 1: '46,1 34x23' }],
    [0, 'down', 3, 0, { 0: '0,1 40x23', 1: '41,1 39x23' }],
    [0, 'right', 0, 0, { 0: '0,1 40x23', 1: '41,1 39x23' }],
  ])('resize pane %i %s by %i moves %i cells', (id, dir, cells, moved, expected) => {
    const l = PaneLayout.create(80, 24);
    l.split(0, 'horizontal');
    expect(l.resize(id, dir, cells)).toBe(moved);
    expect(rects(l)).toEqual(expected);
  });

  it('resizing a nested pane moves the border of the split in that direction, bounded by the subtree minimum', () => {
    const l = threePanes(80, 24);
    l.split(2, 'horizontal');
    // lr[0, tb[1, lr[2, 3]]]. Pane 3 has no right border: -R moves its left one, down to its minimum.
    expect(l.resize(3, 'right', 100)).toBe(17);
    expect(rects(l)).toMatchObject({ 2: '41,13 36x11', 3: '78,13 2x11' });
    expect(l.resize(3, 'right', 1)).toBe(0);
    // -L on pane 2 moves the border of the root split: the right column may grow until pane 0 is 2 wide.
    expect(l.resize(2, 'left', 100)).toBe(38);
    expect(rects(l)).toMatchObject({ 0: '0,1 2x23', 1: '3,1 77x11', 2: '3,13 72x11', 3: '76,13 4x11' });
    draw(l.geometry());
    expect(() => l.resize(3, 'up', -1)).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });

  it('keeps proportions across screen sizes', () => {
    const l = threePanes(80, 24);
    l.setSize(200, 50);
    expect(rects(l)).toEqual({ 0: '0,1 101x49', 1: '102,1 98x24', 2: '102,26 98x24' });
    l.setSize(80, 24);
    expect(rects(l)).toEqual({ 0: '0,1 40x23', 1: '41,1 39x11', 2: '41,13 39x11' });
    expect(rects(l)).toEqual(rects(threePanes(80, 24)));
    expect(l.geometry(200, 50).panes[0]).toMatchObject({ width: 101 });
    expect(l.size).toEqual({ width: 80, height: 24 });
  });
});

describe('PaneLayout: JSON', () => {
  it('round-trips through JSON with the same geometry', () => {
    const l = threePanes(97, 31);
    l.split(0, 'vertical');
    l.resize(0, 'down', 3);
    l.zoom(2);
    const copy = PaneLayout.fromJSON(JSON.parse(JSON.stringify(l)));
    expect(copy.toJSON()).toEqual(l.toJSON());
    expect(draw(copy.geometry())).toEqual(draw(l.geometry()));
    copy.zoom(2);
    l.zoom(2);
    expect(draw(copy.geometry())).toEqual(draw(l.geometry()));
    expect(copy.split(1, 'horizontal')).toBe(4);
    const p = PaneLayout.create(80, 24);
    p.selectLayout('tiled');
    expect(PaneLayout.fromJSON(JSON.parse(JSON.stringify(p))).preset).toBe('tiled');
  });

  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(threePanes(80, 24))) as Record<string, unknown>;
  it.each<[string, (j: Record<string, unknown>) => unknown]>([
    ['null', () => null],
    ['another version', (j) => ({ ...j, version: 2 })],
    ['a zero width', (j) => ({ ...j, width: 0 })],
    ['a repeated pane id', (j) => ({ ...j, root: { type: 'split', direction: 'vertical', children: [{ node: { type: 'pane', id: 0 }, size: 1 }, { node: { type: 'pane', id: 0 }, size: 1 }] } })],
    ['a one-child split', (j) => ({ ...j, root: { type: 'split', direction: 'vertical', children: [{ node: { type: 'pane', id: 0 }, size: 1 }] } })],
    ['a negative size', (j) => ({ ...j, root: { type: 'split', direction: 'vertical', children: [{ node: { type: 'pane', id: 0 }, size: -1 }, { node: { type: 'pane', id: 1 }, size: 1 }] } })],
    ['an unknown direction', (j) => ({ ...j, root: { type: 'split', direction: 'diagonal', children: [] } })],
    ['a nextId in use', (j) => ({ ...j, nextId: 2 })],
    ['a zoomed pane not in the tree', (j) => ({ ...j, zoomed: 9 })],
    ['an unknown preset', (j) => ({ ...j, preset: 'spiral' })],
  ])('rejects %s', (_what, mutate) => {
    expect(() => PaneLayout.fromJSON(mutate(good()))).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });
});
