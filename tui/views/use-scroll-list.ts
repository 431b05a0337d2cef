/** A cursor over a list taller than the view, moved by the usual keys; the window follows it. */
import type { Key } from 'ink';
import { useRef } from 'react';
import { scrollTop } from '../qube-list.js';
import { useRefState } from '../use-ref-state.js';
import type { ViewKey } from './info-view.js';

export const SCROLL_KEYS: readonly ViewKey[] = [
  { keys: 'Up Down j k', help: 'move' },
  { keys: 'PgUp PgDn', help: 'a screen up / down' },
  { keys: 'Home End g G', help: 'first / last' },
];

export interface ScrollList {
  cursor: number;
  /** The first row drawn. */
  top: number;
  /** Moves for a scroll key; false for any other key. */
  key(input: string, key: Key): boolean;
  moveTo(index: number): void;
}

export function scrollDelta(input: string, key: Key, page: number): number | undefined {
  if (key.ctrl || key.meta) return undefined;
  if (key.upArrow || input === 'k') return -1;
  if (key.downArrow || input === 'j') return 1;
  if (key.pageUp) return -page;
  if (key.pageDown) return page;
  if (key.home || input === 'g') return -Infinity;
  if (key.end || input === 'G') return Infinity;
  return undefined;
}

export function useScrollList(total: number, height: number): ScrollList {
  const [cursor, setCursor, cursorRef] = useRefState(0);
  const totalRef = useRef(total);
  totalRef.current = total;
  const clamp = (i: number): number => Math.max(0, Math.min(totalRef.current - 1, i));
  const shown = clamp(cursor);
  const topRef = useRef(0);
  topRef.current = scrollTop(topRef.current, shown, Math.max(1, height), total);
  return {
    cursor: shown,
    top: topRef.current,
    key(input, key) {
      const delta = scrollDelta(input, key, Math.max(1, height - 1));
      if (delta === undefined) return false;
      setCursor(clamp(clamp(cursorRef.current) + delta));
      return true;
    },
    moveTo: (index) => setCursor(clamp(index)),
  };
}
