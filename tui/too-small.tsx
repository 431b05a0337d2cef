/** Shown instead of the console when the terminal cannot hold its layout. */
import { Box, Text } from 'ink';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function isTooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

export function TooSmall({ columns, rows }: { columns: number; rows: number }) {
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="wrap">
        terminal too small (need {MIN_COLUMNS}x{MIN_ROWS}, have {columns}x{rows})
      </Text>
      <Text dimColor wrap="wrap">
        enlarge the window, or press d to detach
      </Text>
    </Box>
  );
}
