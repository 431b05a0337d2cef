/** Which qubes the table shows, in which order: filtering and sorting, kept pure for memoizing. */
import type { QubeRowView } from './console-api.js';
import type { SortKey } from './qube-columns.js';
import { columnFor } from './qube-columns.js';

export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

export function visibleQubes(qubes: readonly QubeRowView[], filter: string, sort: SortOrder): QubeRowView[] {
  const needle = filter.toLowerCase();
  const shown = needle === '' ? [...qubes] : qubes.filter((q) => q.name.toLowerCase().includes(needle));
  const compare = columnFor(sort.key).compare;
  const byName = columnFor('name').compare;
  const sign = sort.descending ? -1 : 1;
  return shown.sort((a, b) => sign * compare(a, b) || byName(a, b));
}

/** The first row to draw so that `cursor` is inside a window of `height` rows, moving as little as possible. */
export function scrollTop(previousTop: number, cursor: number, height: number, total: number): number {
  const maxTop = Math.max(0, total - height);
  let top = Math.min(previousTop, maxTop);
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return Math.max(0, Math.min(top, maxTop));
}
