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
 */
import type { DOMElement } from 'ink';
import { Box, Text, useStdout } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { ScreenDiffStream } from './screen-diff-stream.js';

export interface ScreenLinesProps {
  /** Each at most the screen's width, styled with SGR sequences only. */
  lines: readonly string[];
  height: number;
  inserted?: boolean;
}

/** Where an Ink element starts on the screen, once Ink has laid it out. */
function screenTop(node: DOMElement | null): number {
  let top = 0;
  for (let n: DOMElement | undefined = node ?? undefined; n; n = n.parentNode) top += n.yogaNode?.getComputedTop() ?? 0;
  return top;
}

export function ScreenLines({ lines, height, inserted = false }: ScreenLinesProps) {
  const { stdout } = useStdout();
  const screen = stdout instanceof ScreenDiffStream && stdout.frames ? stdout : null;
  const box = useRef<DOMElement>(null);
  const owner = useRef({}).current;
  // Layout effects run once Ink has laid out and written the frame with the blank box in it.
  useLayoutEffect(() => {
    const shown = lines.slice(0, height);
    // An inserted block always takes its whole height, or the rows below it would move up.
    while (inserted && shown.length < height) shown.push('');
    screen?.setRegion(owner, { top: screenTop(box.current), lines: shown, inserted });
  });
  useLayoutEffect(() => () => screen?.setRegion(owner, null), [screen, owner]);
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
