/**
 * The preset arrangements a workspace cycles through (tmux's layout-set.c),
 * built as fresh trees from the panes in layout order. Sizes are weights
 * here; the layout turns them into cells at its current size.
 */
import type { LayoutNode, SplitDirection } from './pane-tree.js';

export const PRESETS = ['even-horizontal', 'even-vertical', 'main-vertical', 'tiled'] as const;
export type PresetName = (typeof PRESETS)[number];

export function isPresetName(name: string): name is PresetName {
  return (PRESETS as readonly string[]).includes(name);
}

function evenSplit(ids: readonly number[], direction: SplitDirection): LayoutNode {
  const [only] = ids;
  if (ids.length === 1 && only !== undefined) return { type: 'pane', id: only };
  return { type: 'split', direction, children: ids.map((id) => ({ node: { type: 'pane', id }, size: 1 })) };
}

/** The grid tmux's tiled layout uses: rows grow first, then columns, until every pane has a cell. */
export function tiledGrid(n: number): { rows: number; cols: number } {
  let rows = 1;
  let cols = 1;
  while (rows * cols < n) {
    rows++;
    if (rows * cols < n) cols++;
  }
  return { rows, cols };
}

/**
 * Builds a preset over `ids` (at least one). main-vertical puts `main` (the
 * first pane by default) on the left at half the width, tmux's 80 columns
 * leaving nothing for the others on an 80-column console; the rest are
 * stacked on the right.
 */
export function presetTree(name: PresetName, ids: readonly number[], main?: number): LayoutNode {
  switch (name) {
    case 'even-horizontal':
      return evenSplit(ids, 'horizontal');
    case 'even-vertical':
      return evenSplit(ids, 'vertical');
    case 'main-vertical': {
      const first = main !== undefined && ids.includes(main) ? main : ids[0];
      if (first === undefined || ids.length === 1) return evenSplit(ids, 'horizontal');
      const rest = ids.filter((id) => id !== first);
      return {
        type: 'split',
        direction: 'horizontal',
        children: [
          { node: { type: 'pane', id: first }, size: 1 },
          { node: evenSplit(rest, 'vertical'), size: 1 },
        ],
      };
    }
    case 'tiled': {
      const { rows, cols } = tiledGrid(ids.length);
      const lines: number[][] = [];
      for (let r = 0; r < rows; r++) {
        const line = ids.slice(r * cols, (r + 1) * cols);
        if (line.length > 0) lines.push(line);
      }
      if (lines.length === 1) return evenSplit(lines[0] as number[], 'horizontal');
      return { type: 'split', direction: 'vertical', children: lines.map((line) => ({ node: evenSplit(line, 'horizontal'), size: 1 })) };
    }
  }
}
