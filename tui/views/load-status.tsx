/** The one line a list view shows instead of its rows: still reading, the command's error, or nothing to list. */
import { Text } from 'ink';
import type { ReactElement } from 'react';
import { fit, printable } from '../printable.js';
import type { Loaded } from './use-command-data.js';

export interface LoadTexts {
  /** e.g. "reading the audit log" */
  loading: string;
  /** e.g. "no notifications" */
  empty: string;
}

/** null when there are rows to draw. */
export function loadStatus<T>(state: Loaded<T>, rows: number, texts: LoadTexts, width: number, ellipsis: string): ReactElement | null {
  if (state.kind === 'error') {
    return (
      <Text color="redBright" wrap="truncate">
        {fit(printable(` ${state.message}`), width, ellipsis)}
      </Text>
    );
  }
  if (state.kind === 'loading') return <Text dimColor>{fit(` ${texts.loading} ${ellipsis}`, width, ellipsis)}</Text>;
  if (rows === 0) return <Text dimColor>{fit(` ${texts.empty}`, width, ellipsis)}</Text>;
  return null;
}
