/** `?` under the prefix: the prefix keys, generated from PREFIX_KEYMAP. */
import { Box, Text } from 'ink';
import { PREFIX_KEYMAP } from './prefix-keys.js';
import { fit } from './printable.js';

const KEYS_WIDTH = 10;
const COPY_MODE_HELP = 'Copy mode: arrows hjkl w b PgUp PgDn g G 0 $ move, / ? search, n N again, Space v select, Enter y copy, q Esc leave.';

export function PaneViewHelp({ height, width, prefix, ellipsis }: { height: number; width: number; prefix: string; ellipsis: string }) {
  return (
    <Box flexDirection="column" height={height}>
      <Text bold inverse wrap="truncate">
        {fit(` Panes: press ${prefix}, then a key. ${prefix} twice sends ${prefix} to the pane. Any key closes this help `, width, ellipsis)}
      </Text>
      {PREFIX_KEYMAP.map((b) => (
        <Text key={b.keys} wrap="truncate">
          <Text bold color="cyan">
            {b.keys.padEnd(KEYS_WIDTH)}
          </Text>
          {fit(b.help, width - KEYS_WIDTH, ellipsis)}
        </Text>
      ))}
      <Text wrap="truncate">{fit('Every other key goes to the focused pane unchanged.', width, ellipsis)}</Text>
      <Text wrap="truncate">{fit(COPY_MODE_HELP, width, ellipsis)}</Text>
    </Box>
  );
}
