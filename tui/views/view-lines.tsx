/**
 * A view drawn as lines of coloured pieces, scrolled as a whole: the detail
 * panel's sections are taller than a small terminal, and a person reads them
 * top to bottom.
 */
import type { Key } from 'ink';
import { Box, Text } from 'ink';
import { printable } from '../printable.js';
import { useRefState } from '../use-ref-state.js';
import type { ViewKey } from './info-view.js';
import { scrollDelta } from './use-scroll-list.js';

export interface Piece {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
}

export type Line = readonly Piece[];

export const SCROLL_LINES_KEYS: readonly ViewKey[] = [
  { keys: 'Up Down j k', help: 'scroll' },
  { keys: 'PgUp PgDn g G', help: 'a screen / top / bottom' },
];

export interface LineScroll {
  top: number;
  key(input: string, key: Key): boolean;
}

export function useLineScroll(total: number, height: number): LineScroll {
  const [top, setTop, topRef] = useRefState(0);
  const last = Math.max(0, total - height);
  return {
    top: Math.min(top, last),
    key(input, key) {
      const delta = scrollDelta(input, key, Math.max(1, height - 1));
      if (delta === undefined) return false;
      setTop(Math.max(0, Math.min(last, Math.min(topRef.current, last) + delta)));
      return true;
    },
  };
}

/** `height` lines from `top`; every piece is made printable, since much of it came from qubes. */
export function ViewLines({ lines, top, height, width }: { lines: readonly Line[]; top: number; height: number; width: number }) {
  return (
    <Box flexDirection="column" height={height} width={width}>
      {lines.slice(top, top + height).map((line, i) => (
        <Text key={top + i} wrap="truncate">
          {line.length === 0
            ? ' '
            : line.map((p, j) => (
                <Text key={j} color={p.color} dimColor={p.dim} bold={p.bold}>
                  {printable(p.text)}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
