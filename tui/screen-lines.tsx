/**
 * A block of whole-width lines, already styled, drawn straight onto the
 * client's screen when Ink renders into a ScreenDiffStream in frames mode, and
 * as Ink Text lines otherwise. Ink measures, tokenizes and copies every cell
 * of its frame on every frame, blank ones included; the screen only compares
 * the lines and parses those that changed.
 *
 * Ink lays out a blank box of the block's height, or, with `inserted`, no
 * rows at all: the screen puts the block's rows in between Ink's, so Ink's
 * frame is that much smaller. That needs every box around it to take its
 * height from its content (no fixed height), or Ink's rows below would be
 * pushed off the screen.
 *
 * Lines that change between renders (a pane's program writing) are drawn
 * through the handle, with no render of React or Ink at all.
 */
import type { DOMElement } from 'ink';
import { Box, Text, useStdout } from 'ink';
import { useImperativeHandle, useLayoutEffect, useRef, type Ref } from 'react';
import { ScreenDiffStream } from './screen-diff-stream.js';

export interface ScreenLinesHandle {
  /**
   * Draws `lines` in place of the block's, until the next render brings its
   * own. False where the output is no screen (a plain stream in a test):
   * the caller renders again instead.
   */
  draw(lines: readonly string[]): boolean;
}

export interface ScreenLinesProps {
  /** Each at most the screen's width, styled with SGR sequences only. */
  lines: readonly string[];
  height: number;
  inserted?: boolean;
  ref?: Ref<ScreenLinesHandle>;
}

/** Where an Ink element starts on the screen, once Ink has laid it out. */
function screenTop(node: DOMElement | null): number {
  let top = 0;
  for (let n: DOMElement | undefined = node ?? undefined; n; n = n.parentNode) top += n.yogaNode?.getComputedTop() ?? 0;
  return top;
}

/** The block's rows: cut to its height, and an inserted block always takes its whole height, or the rows below it would move up. */
function blockRows(lines: readonly string[], height: number, inserted: boolean): string[] {
  const shown = lines.slice(0, height);
  while (inserted && shown.length < height) shown.push('');
  return shown;
}

export function ScreenLines({ lines, height, inserted = false, ref }: ScreenLinesProps) {
  const { stdout } = useStdout();
  const screen = stdout instanceof ScreenDiffStream && stdout.frames ? stdout : null;
  const box = useRef<DOMElement>(null);
  const top = useRef(0);
  const owner = useRef({}).current;
  // Layout effects run once Ink has laid out and written the frame with the blank box in it.
  useLayoutEffect(() => {
    top.current = screenTop(box.current);
    screen?.setRegion(owner, { top: top.current, lines: blockRows(lines, height, inserted), inserted });
  });
  useLayoutEffect(() => () => screen?.setRegion(owner, null), [screen, owner]);
  useImperativeHandle(
    ref,
    () => ({
      draw: (next) => {
        screen?.setRegion(owner, { top: top.current, lines: blockRows(next, height, inserted), inserted });
        return screen !== null;
      },
    }),
    [screen, owner, height, inserted],
  );
  if (screen) return <Box ref={box} height={inserted ? 0 : height} flexShrink={0} />;
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height).map((l, i) => (
        <Text key={i} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
}
