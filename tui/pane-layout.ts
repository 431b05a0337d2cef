/**
 * The layout of one workspace's panes (tmux's layout.c): split, close,
 * resize, zoom, geometric focus movement and preset layouts, over a tree
 * that serialises to JSON so the daemon keeps it across detach and
 * re-attach. Pure: it knows pane ids and cells, not terminals or Ink.
 */
import { computeGeometry, paneArea, type LayoutGeometry, type PaneRect } from './pane-geometry.js';
import { isPresetName, PRESETS, presetTree, type PresetName } from './pane-presets.js';
import { MIN_PANE_HEIGHT, MIN_PANE_WIDTH, minExtent, pathTo, paneIds, type LayoutNode, type PathStep, type SplitChild, type SplitDirection, type SplitNode } from './pane-tree.js';

export type { SplitDirection } from './pane-tree.js';
export type { BorderCell, LayoutGeometry, PaneRect, PaneTitle, Rect } from './pane-geometry.js';
export { borderGlyph } from './pane-geometry.js';
export type { PresetName } from './pane-presets.js';
export { PRESETS } from './pane-presets.js';

export type FocusDirection = 'left' | 'right' | 'up' | 'down';

export type PaneLayoutErrorKind = 'no-such-pane' | 'too-small' | 'last-pane' | 'invalid';

export class PaneLayoutError extends Error {
  constructor(
    readonly kind: PaneLayoutErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PaneLayoutError';
  }
}

export interface PaneLayoutJSON {
  version: 1;
  width: number;
  height: number;
  nextId: number;
  zoomed: number | null;
  preset: PresetName | null;
  root: LayoutNode;
}

const MAX_SIZE = 10_000;

export class PaneLayout {
  private constructor(
    private root: LayoutNode,
    private width: number,
    private height: number,
    private nextId: number,
    private zoomedId: number | null,
    private presetName: PresetName | null,
  ) {}

  /** A layout of one pane (id `firstId`) on a width x height screen. */
  static create(width: number, height: number, firstId = 0): PaneLayout {
    checkSize(width, height);
    return new PaneLayout({ type: 'pane', id: firstId }, width, height, firstId + 1, null, null);
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /** The zoomed pane, or null. */
  get zoomed(): number | null {
    return this.zoomedId;
  }

  /** The preset last selected, or null once panes were split or closed since. */
  get preset(): PresetName | null {
    return this.presetName;
  }

  /** Pane ids in layout order. */
  panes(): number[] {
    return paneIds(this.root);
  }

  has(id: number): boolean {
    return pathTo(this.root, id) !== null;
  }

  /** Follows a new screen size; the panes keep their proportions. */
  setSize(width: number, height: number): void {
    checkSize(width, height);
    this.width = width;
    this.height = height;
    this.storeSizes();
  }

  geometry(width = this.width, height = this.height): LayoutGeometry {
    return computeGeometry(this.root, width, height, this.zoomedId);
  }

  /**
   * Splits a pane in two (`horizontal`: side by side; `vertical`: one above
   * the other); the new pane takes the right or lower half. Returns its id
   * (`newId` if given, else the next free one). Throws `too-small` when the
   * halves would be under the minimum pane size.
   */
  split(id: number, direction: SplitDirection, newId?: number): number {
    const path = this.pathOrThrow(id);
    const added = newId ?? this.nextId;
    if (!Number.isInteger(added) || added < 0 || this.has(added)) throw new PaneLayoutError('invalid', `pane id ${added} is taken or not a non-negative integer`);
    const rect = this.rectOf(id);
    const horizontal = direction === 'horizontal';
    const extent = rect ? (horizontal ? rect.width : rect.height) : 0;
    const min = horizontal ? MIN_PANE_WIDTH : MIN_PANE_HEIGHT;
    if (!rect || extent < 2 * min + 1) {
      const what = horizontal ? `side by side: it is ${rect?.width ?? 0} columns wide, a split needs ${2 * min + 1}` : `one above the other: it is ${rect?.height ?? 0} rows high, a split needs ${2 * min + 1}`;
      throw new PaneLayoutError('too-small', `pane ${id} is too small to split ${what}`);
    }
    this.zoomedId = null;
    const kept = Math.ceil((extent - 1) / 2);
    const given = extent - 1 - kept;
    const leaf: LayoutNode = { type: 'pane', id: added };
    const last = path.at(-1);
    if (last && last.split.direction === direction) {
      (last.split.children[last.index] as SplitChild).size = kept;
      last.split.children.splice(last.index + 1, 0, { node: leaf, size: given });
    } else {
      const split: SplitNode = { type: 'split', direction, children: [{ node: { type: 'pane', id }, size: kept }, { node: leaf, size: given }] };
      this.replace(path, split);
    }
    this.nextId = Math.max(this.nextId, added + 1);
    this.presetName = null;
    this.storeSizes();
    return added;
  }

  /**
   * Removes a pane; its space goes to the sibling before it (after it, when
   * it was first). Returns the pane next to where it was, to take the focus.
   */
  close(id: number): number {
    const path = this.pathOrThrow(id);
    const last = path.at(-1);
    if (!last) throw new PaneLayoutError('last-pane', `pane ${id} is the last one of the workspace: close the workspace instead`);
    const { split, index } = last;
    const [removed] = split.children.splice(index, 1);
    const receiver = split.children[index > 0 ? index - 1 : 0] as SplitChild;
    receiver.size += (removed?.size ?? 0) + 1;
    if (split.children.length === 1) this.collapse(path.slice(0, -1), receiver.node);
    if (this.zoomedId === id) this.zoomedId = null;
    this.presetName = null;
    this.storeSizes();
    const ids = paneIds(receiver.node);
    return (index > 0 ? ids.at(-1) : ids[0]) as number;
  }

  /**
   * Moves a border of the pane by up to `cells` (tmux resize-pane -L/-R/-U/-D):
   * the border on that side if there is one, else the opposite border, never
   * shrinking a pane below the minimum. Returns the cells actually moved.
   */
  resize(id: number, direction: FocusDirection, cells: number): number {
    const path = this.pathOrThrow(id);
    if (!Number.isInteger(cells) || cells < 0) throw new PaneLayoutError('invalid', `cells must be a non-negative integer, not ${cells}`);
    this.zoomedId = null;
    this.storeSizes();
    const axis: SplitDirection = direction === 'left' || direction === 'right' ? 'horizontal' : 'vertical';
    const forward = direction === 'right' || direction === 'down';
    const steps = path.filter((s) => s.split.direction === axis).reverse();
    // The border on the side asked for, else the one on the other side.
    const near = steps.find((s) => (forward ? s.index < s.split.children.length - 1 : s.index > 0));
    const far = steps.find((s) => (forward ? s.index > 0 : s.index < s.split.children.length - 1));
    const step = near ?? far;
    if (!step) return 0;
    const before = forward === (step === near) ? step.index : step.index - 1;
    const a = step.split.children[before] as SplitChild;
    const b = step.split.children[before + 1] as SplitChild;
    // Moving the border between a and b forward grows a and shrinks b.
    const moved = forward ? Math.min(cells, b.size - minExtent(b.node, axis)) : Math.min(cells, a.size - minExtent(a.node, axis));
    if (moved <= 0) return 0;
    a.size += forward ? moved : -moved;
    b.size += forward ? -moved : moved;
    this.storeSizes();
    return moved;
  }

  /** Toggles zoom on a pane (nothing to zoom with one pane); returns whether it is zoomed now. */
  zoom(id: number): boolean {
    this.pathOrThrow(id);
    this.zoomedId = this.zoomedId === id || this.root.type === 'pane' ? null : id;
    return this.zoomedId === id;
  }

  /**
   * The pane next to `id` in a direction, like tmux select-pane -L/-R/-U/-D:
   * among the panes across the border on that side (wrapping around at the
   * screen's edge), the one holding the cursor's row (or column) if given in
   * screen coordinates, else the one sharing the most rows (columns) with
   * `id`. Unzooms, as moving the focus shows the panes again. Null when there
   * is no other pane that way.
   */
  focusNeighbor(id: number, direction: FocusDirection, cursor?: { x: number; y: number }): number | null {
    this.pathOrThrow(id);
    this.zoomedId = null;
    const { panes } = this.geometry();
    const me = panes.find((p) => p.id === id);
    if (!me) return null;
    const area = paneArea(this.width, this.height);
    const sideways = direction === 'left' || direction === 'right';
    const touches = (p: PaneRect): boolean => {
      switch (direction) {
        case 'left':
          return me.x === area.x ? p.x + p.width === area.x + area.width : p.x + p.width + 1 === me.x;
        case 'right':
          return me.x + me.width === area.x + area.width ? p.x === area.x : me.x + me.width + 1 === p.x;
        case 'up':
          return me.y === area.y ? p.y + p.height === area.y + area.height : p.y + p.height + 1 === me.y;
        case 'down':
          return me.y + me.height === area.y + area.height ? p.y === area.y : me.y + me.height + 1 === p.y;
      }
    };
    const span = (p: PaneRect): [number, number] => (sideways ? [p.y, p.y + p.height] : [p.x, p.x + p.width]);
    const [lo, hi] = span(me);
    const overlap = (p: PaneRect): number => {
      const [plo, phi] = span(p);
      return Math.min(hi, phi) - Math.max(lo, plo);
    };
    const candidates = panes.filter((p) => p.id !== id && touches(p) && overlap(p) > 0);
    const point = cursor ? (sideways ? cursor.y : cursor.x) : undefined;
    const holding = point === undefined ? undefined : candidates.find((p) => span(p)[0] <= point && point < span(p)[1]);
    if (holding) return holding.id;
    let best: PaneRect | undefined;
    for (const p of candidates) if (!best || overlap(p) > overlap(best)) best = p;
    return best?.id ?? null;
  }

  /** Rearranges every pane by a preset, keeping their order; `main` is main-vertical's big pane. */
  selectLayout(name: PresetName, main?: number): void {
    if (!isPresetName(name)) throw new PaneLayoutError('invalid', `no layout named ${String(name)}: ${PRESETS.join(', ')}`);
    this.root = presetTree(name, this.panes(), main);
    this.zoomedId = null;
    this.presetName = name;
    this.storeSizes();
  }

  /** The preset after the current one (the first when none is current); returns its name. */
  nextLayout(main?: number): PresetName {
    const next = PRESETS[this.presetName === null ? 0 : (PRESETS.indexOf(this.presetName) + 1) % PRESETS.length] as PresetName;
    this.selectLayout(next, main);
    return next;
  }

  toJSON(): PaneLayoutJSON {
    return { version: 1, width: this.width, height: this.height, nextId: this.nextId, zoomed: this.zoomedId, preset: this.presetName, root: structuredClone(this.root) };
  }

  /** A layout from toJSON()'s output; throws `invalid` for anything else. */
  static fromJSON(data: unknown): PaneLayout {
    const bad = (why: string): never => {
      throw new PaneLayoutError('invalid', `not a saved pane layout: ${why}`);
    };
    if (!isRecord(data) || data.version !== 1) return bad('unknown version');
    const { width, height, nextId, zoomed, preset } = data;
    if (!isCount(width) || !isCount(height) || width > MAX_SIZE || height > MAX_SIZE) return bad('bad size');
    const ids = new Set<number>();
    const root = readNode(data.root, ids, bad, 0);
    if (!isCount(nextId) || [...ids].some((id) => id >= nextId)) return bad('bad nextId');
    if (zoomed !== null && !(typeof zoomed === 'number' && ids.has(zoomed))) return bad('bad zoomed pane');
    if (preset !== null && !(typeof preset === 'string' && isPresetName(preset))) return bad('bad preset');
    const layout = new PaneLayout(root, width, height, nextId, zoomed, preset);
    layout.storeSizes();
    return layout;
  }

  private pathOrThrow(id: number): PathStep[] {
    const path = pathTo(this.root, id);
    if (!path) throw new PaneLayoutError('no-such-pane', `no pane ${id} in this workspace`);
    return path;
  }

  private rectOf(id: number): PaneRect | undefined {
    return computeGeometry(this.root, this.width, this.height).panes.find((p) => p.id === id);
  }

  private replace(path: PathStep[], node: LayoutNode): void {
    const parent = path.at(-1);
    if (parent) (parent.split.children[parent.index] as SplitChild).node = node;
    else this.root = node;
  }

  /** Puts `node` where its one-child parent split was, merging it into a grandparent split of its direction. */
  private collapse(parentPath: PathStep[], node: LayoutNode): void {
    const grand = parentPath.at(-1);
    if (grand && node.type === 'split' && grand.split.direction === node.direction) {
      grand.split.children.splice(grand.index, 1, ...node.children);
    } else {
      this.replace(parentPath, node);
    }
  }

  /**
   * Makes every split child's size its size in cells on the current screen,
   * except in splits with hidden children, whose weights are kept for when
   * the screen is large enough again.
   */
  private storeSizes(): void {
    computeGeometry(this.root, this.width, this.height, null, (split, sizes) => {
      if (sizes.every((n) => n > 0)) split.children.forEach((c, i) => (c.size = sizes[i] as number));
    });
  }
}

function checkSize(width: number, height: number): void {
  if (!isCount(width) || !isCount(height) || width > MAX_SIZE || height > MAX_SIZE) throw new PaneLayoutError('invalid', `screen size must be 1 to ${MAX_SIZE} cells each way, not ${width}x${height}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

const MAX_DEPTH = 64;

function readNode(v: unknown, ids: Set<number>, bad: (why: string) => never, depth: number): LayoutNode {
  if (!isRecord(v) || depth > MAX_DEPTH) return bad('bad node');
  if (v.type === 'pane') {
    const id = v.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || ids.has(id)) return bad('bad or repeated pane id');
    ids.add(id);
    return { type: 'pane', id };
  }
  if (v.type !== 'split' || (v.direction !== 'horizontal' && v.direction !== 'vertical') || !Array.isArray(v.children) || v.children.length < 2) return bad('bad split');
  const children = v.children.map((c: unknown): SplitChild => {
    if (!isRecord(c) || typeof c.size !== 'number' || !Number.isFinite(c.size) || c.size <= 0) return bad('bad split child');
    return { node: readNode(c.node, ids, bad, depth + 1), size: c.size };
  });
  return { type: 'split', direction: v.direction, children };
}
