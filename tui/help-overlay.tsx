/** `?`: every key of the table and of the line editors, generated from the keymap. */
import { Box, Text } from 'ink';
import { LINE_KEYS, LOCAL_COMMANDS, TABLE_KEYMAP } from './keymap.js';
import { fit } from './printable.js';

type HelpEntry = { heading: string } | { keys: string; help: string } | { line: string };

const ENTRIES: readonly HelpEntry[] = [
  { heading: 'Qube table' },
  ...TABLE_KEYMAP.map((b) => ({ keys: b.keys, help: b.help })),
  { heading: 'In the / filter and the : prompt' },
  ...LINE_KEYS,
  { heading: 'Prompt commands of this console' },
  ...LOCAL_COMMANDS.map((c) => ({ line: `:${c.usage}  ${c.help}` })),
  { line: 'and the daemon commands (Tab)' },
];

const KEYS_WIDTH = 10;

/** Lines are cut here rather than by Ink, whose ellipsis the Linux console may lack. */
function HelpLine({ entry, width, ellipsis }: { entry: HelpEntry; width: number; ellipsis: string }) {
  if ('heading' in entry) return <Text bold underline>{fit(entry.heading, width, ellipsis).trimEnd()}</Text>;
  if ('line' in entry) return <Text>{fit(entry.line, width, ellipsis)}</Text>;
  return (
    <Text>
      <Text bold color="cyan">
        {entry.keys.padEnd(KEYS_WIDTH)}
      </Text>
      {fit(entry.help, width - KEYS_WIDTH, ellipsis)}
    </Text>
  );
}

export function HelpOverlay({ height, width, ellipsis }: { height: number; width: number; ellipsis: string }) {
  const half = Math.ceil(ENTRIES.length / 2);
  const columns = [ENTRIES.slice(0, half), ENTRIES.slice(half)];
  return (
    <Box flexDirection="column" height={height}>
      <Text bold inverse wrap="truncate">
        {' Help: any key closes it '.padEnd(width)}
      </Text>
      <Box flexDirection="row">
        {columns.map((entries, c) => (
          <Box key={c} flexDirection="column" width={Math.floor(width / 2)}>
            {entries.map((e, i) => (
              <HelpLine key={i} entry={e} width={Math.floor(width / 2) - 1} ellipsis={ellipsis} />
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
