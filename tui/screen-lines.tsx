/**
 * A block of whole-width lines, already styled, drawn straight onto the
 * client's screen when Ink renders into a ScreenDiffStream in frames mode (Ink
 * lays out a blank box of the same height), and as Ink Text lines otherwise.
 * Ink measures, tokenizes and copies every cell it draws on every frame; the
 * screen only compares the lines and parses those that changed.
 */
import type { DOMElement } from 'ink';
import { Box, Text, useStdout } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { ScreenDiffStream } from './screen-diff-stream.js';

export interface ScreenLinesProps {
  /** Each at most the screen's width, styled with SGR sequences only. */
  lines: readonly string[];
  height: number;
}

/** Where an Ink element starts on the screen, once Ink has laid it out. */
function screenTop(node: DOMElement | null): number {
  let top = 0;
  for (let n: DOMElement | undefined = node ?? undefined; n; n = n.parentNode) top += n.yogaNode?.getComputedTop() ?? 0;
  return top;
}

export function ScreenLines({ lines, height }: ScreenLinesProps) {
  const { stdout } = useStdout();
  const screen = stdout instanceof ScreenDiffStream && stdout.frames ? stdout : null;
  const box = useRef<DOMElement>(null);
  const owner = useRef({}).current;
  // Layout effects run once Ink has laid out and written the frame with the blank box in it.
  useLayoutEffect(() => screen?.setRegion(owner, { top: screenTop(box.current), lines: lines.slice(0, height) }));
  useLayoutEffect(() => () => screen?.setRegion(owner, null), [screen, owner]);
  if (screen) return <Box ref={box} height={height} flexShrink={0} />;
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
