/**
 * The tree a workspace's panes are laid out by (tmux's layout cells): splits
 * with pane ids at the leaves. Each child of a split keeps its size in cells
 * along the split's axis as of the last known window size; at any other size
 * the sizes act as weights, so a layout keeps its proportions across clients
 * of different sizes.
 */

/** `horizontal` puts panes side by side (the `|` split); `vertical` stacks them (the `-` split). */
export type SplitDirection = 'horizontal' | 'vertical';

export interface PaneLeaf {
  type: 'pane';
  id: number;
}

export interface SplitChild {
  node: LayoutNode;
  size: number;
}

export interface SplitNode {
  type: 'split';
  direction: SplitDirection;
  children: SplitChild[];
}

export type LayoutNode = PaneLeaf | SplitNode;

/** The smallest inner area of a pane. */
export const MIN_PANE_WIDTH = 2;
export const MIN_PANE_HEIGHT = 1;

/** The smallest extent of a subtree along a split direction's axis, borders included. */
export function minExtent(node: LayoutNode, axis: SplitDirection): number {
  if (node.type === 'pane') return axis === 'horizontal' ? MIN_PANE_WIDTH : MIN_PANE_HEIGHT;
  const mins = node.children.map((c) => minExtent(c.node, axis));
  if (node.direction === axis) return mins.reduce((a, b) => a + b, 0) + mins.length - 1;
  return Math.max(...mins);
}

/** Pane ids in layout order (left to right, top to bottom, depth first). */
export function paneIds(node: LayoutNode): number[] {
  return node.type === 'pane' ? [node.id] : node.children.flatMap((c) => paneIds(c.node));
}

/** One step from the root down to a pane: the split and the child index taken. */
export interface PathStep {
  split: SplitNode;
  index: number;
}

/** The splits from the root down to the pane, or null if the pane is not in the tree. */
export function pathTo(node: LayoutNode, id: number): PathStep[] | null {
  if (node.type === 'pane') return node.id === id ? [] : null;
  for (let index = 0; index < node.children.length; index++) {
    const rest = pathTo((node.children[index] as SplitChild).node, id);
    if (rest) return [{ split: node, index }, ...rest];
  }
  return null;
}
