/** A yes/no question in a frame; only `y` confirms, so a stray key never destroys anything. */
import type { Key } from 'ink';
import { Box, Text } from 'ink';
import { printable } from './printable.js';
import type { Theme } from './theme.js';

export interface ConfirmRequest {
  title: string;
  detail: string;
  argv: string[];
}

/** true: confirmed, false: refused, undefined: the key means nothing here. */
export function confirmAnswer(input: string, key: Key): boolean | undefined {
  if (input === 'y' || input === 'Y') return true;
  if (input === 'n' || input === 'N' || key.escape) return false;
  return undefined;
}

export function ConfirmDialog({ request, height, theme }: { request: ConfirmRequest; height: number; theme: Theme }) {
  return (
    <Box height={height} justifyContent="center" alignItems="center">
      <Box flexDirection="column" borderStyle={theme.glyphs.border} borderColor="red" paddingX={2} width={60}>
        <Text bold color="redBright" wrap="truncate">
          {printable(request.title)}
        </Text>
        <Text wrap="wrap">{printable(request.detail)}</Text>
        <Text> </Text>
        <Text>
          <Text bold>y</Text> yes   <Text bold>n</Text> / <Text bold>Esc</Text> no
        </Text>
      </Box>
    </Box>
  );
}
