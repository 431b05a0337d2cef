/**
 * A list view's data and cursor together: rows read through the command table
 * (again every `refreshMs` while shown), a cursor the scroll keys move, and
 * the row under it.
 */
import type { MutableRefObject } from 'react';
import type { ConsoleApi } from '../console-api.js';
import type { ViewKeyHandler } from './info-view.js';
import type { Decoder, Loaded } from './use-command-data.js';
import { useCommandData } from './use-command-data.js';
import type { ScrollList } from './use-scroll-list.js';
import { useScrollList } from './use-scroll-list.js';

export interface CommandList<T> {
  state: Loaded<T[]>;
  rows: T[];
  list: ScrollList;
  selected: T | undefined;
}

export function useCommandList<T>(api: ConsoleApi, argv: readonly string[], decode: Decoder<T[]>, refreshMs: number, listHeight: number, keys: MutableRefObject<ViewKeyHandler | null>): CommandList<T> {
  const { state } = useCommandData(api, argv, decode, refreshMs);
  const rows = state.kind === 'ok' ? state.data : [];
  const list = useScrollList(rows.length, listHeight);
  keys.current = (input, key) => list.key(input, key);
  return { state, rows, list, selected: rows[list.cursor] };
}

/** The label colour of a qube by name, for tags drawn outside the table. */
export function labelOf(qubes: readonly { name: string; label: string }[], name: string): string {
  return qubes.find((q) => q.name === name)?.label ?? 'black';
}
