/** A yes/no question in a frame; only `y` confirms, so a stray key never destroys anything. */
import { Box, Text, useInput } from 'ink';
import { printable } from './printable.js';
import type { Theme } from './theme.js';

export interface ConfirmRequest {
  title: string;
  detail: string;
  argv: string[];
}

export function ConfirmDialog({ request, height, theme, onAnswer }: { request: ConfirmRequest; height: number; theme: Theme; onAnswer(yes: boolean): void }) {
  useInput((input, key) => {
    if (input === 'y' || input === 'Y') onAnswer(true);
    else if (input === 'n' || input === 'N' || key.escape) onAnswer(false);
  });
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
