/** Which qubes the table shows, in which order: filtering and sorting, kept pure for memoizing. */
import type { QubeRowView } from './console-api.js';
import type { SortKey } from './qube-columns.js';
import { columnFor } from './qube-columns.js';

export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/**
 * Names in the order last returned. Each snapshot of the daemon (every few
 * seconds, with the live stats) is a new list in registry order; laid out in
 * the last order first, it is mostly sorted already, which the sort finds in
 * one pass instead of thousands of comparisons. The result is the same.
 */
let lastOrder = new Map<string, number>();

export function visibleQubes(qubes: readonly QubeRowView[], filter: string, sort: SortOrder): QubeRowView[] {
  const needle = filter.toLowerCase();
  const shown = needle === '' ? [...qubes] : qubes.filter((q) => q.name.toLowerCase().includes(needle));
  const compare = columnFor(sort.key).compare;
  const byName = columnFor('name').compare;
  const sign = sort.descending ? -1 : 1;
  const before = lastOrder;
  const rank = (q: QubeRowView): number => before.get(q.name) ?? Number.MAX_SAFE_INTEGER;
  shown.sort((a, b) => rank(a) - rank(b));
  shown.sort((a, b) => sign * compare(a, b) || byName(a, b));
  lastOrder = new Map(shown.map((q, i) => [q.name, i]));
  return shown;
}

/** The first row to draw so that `cursor` is inside a window of `height` rows, moving as little as possible. */
export function scrollTop(previousTop: number, cursor: number, height: number, total: number): number {
  const maxTop = Math.max(0, total - height);
  let top = Math.min(previousTop, maxTop);
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return Math.max(0, Math.min(top, maxTop));
}
