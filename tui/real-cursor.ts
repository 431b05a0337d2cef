/**
 * The client's real terminal cursor, placed by the screen differ after each
 * frame: where typing happens (a pane's program, the prompt line), hidden
 * elsewhere. A drawn block would cost a redraw of two cells per key; the real
 * cursor moves by itself as the echoed character is written.
 */
import { useStdout } from 'ink';
import { useCallback, useLayoutEffect } from 'react';
import { ScreenDiffStream } from './screen-diff-stream.js';

export type CursorPlacer = (cursor: { x: number; y: number } | null) => void;

/**
 * Puts the real cursor at `cursor` (screen cells from the top left), hidden for
 * null and once the component is gone. Returns a function that moves it
 * between renders (for a pane redrawn without one), or null where the output
 * is no screen differ (a plain stream in a test): the caller then draws a
 * cursor itself.
 */
export function useRealCursor(cursor: { x: number; y: number } | null): CursorPlacer | null {
  const { stdout } = useStdout();
  const screen = stdout instanceof ScreenDiffStream ? stdout : null;
  const x = cursor?.x ?? -1;
  const y = cursor?.y ?? -1;
  // Layout effects, like the lines' (ScreenLines): in the same commit, so the frame that draws a typed character puts the cursor after it, not a frame later.
  useLayoutEffect(() => screen?.setCursor(x < 0 ? null : { x, y }), [screen, x, y]);
  useLayoutEffect(() => () => screen?.setCursor(null), [screen]);
  const place = useCallback<CursorPlacer>((c) => screen?.setCursor(c), [screen]);
  return screen === null ? null : place;
}
