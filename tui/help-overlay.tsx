/** `?`: every key of what is shown, generated from the keymaps and the view registry, so it never lists a dead key. */
import { Box, Text } from 'ink';
import { LINE_KEYS, LOCAL_COMMANDS, TABLE_KEYMAP } from './keymap.js';
import { fit } from './printable.js';
import type { InfoView } from './views/info-view.js';

interface KeyHelp {
  keys: string;
  help: string;
}

/** `row`: several short key/help pairs side by side (the view keys). */
export type HelpEntry = { heading: string } | KeyHelp | { line: string } | { row: readonly KeyHelp[] };

/** Keys a shown view leaves to the app. */
export const VIEW_APP_KEYS: readonly KeyHelp[] = [
  { keys: 'Esc q', help: 'back to the qube table' },
  { keys: '?', help: 'this help' },
  { keys: ':', help: 'command prompt' },
];

function pairs<T>(list: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(list.length / 2) }, (_, i) => list.slice(2 * i, 2 * i + 2));
}

export function tableHelp(views: readonly InfoView[]): HelpEntry[] {
  return [
    { heading: 'Qube table' },
    ...TABLE_KEYMAP.map((b) => ({ keys: b.keys, help: b.help })),
    { heading: 'Views (their key, or :view NAME)' },
    ...pairs(views.map((v) => ({ keys: v.key, help: v.name }))).map((row) => ({ row })),
    { heading: 'In the / filter and the : prompt' },
    ...LINE_KEYS,
    { heading: 'Prompt commands of this console' },
    ...LOCAL_COMMANDS.map((c) => ({ line: `:${c.usage}  ${c.help}` })),
    { line: 'and the daemon commands (Tab)' },
  ];
}

export function viewHelp(view: InfoView): HelpEntry[] {
  return [{ heading: `${view.title}: ${view.help}` }, ...view.viewKeys, { heading: 'In every view' }, ...VIEW_APP_KEYS];
}

const MIN_KEYS_WIDTH = 10;
const ROW_KEYS_WIDTH = 3;

/** Lines are cut here rather than by Ink, whose ellipsis the Linux console may lack. */
function HelpLine({ entry, width, keysWidth, ellipsis }: { entry: HelpEntry; width: number; keysWidth: number; ellipsis: string }) {
  if ('heading' in entry) return <Text bold underline>{fit(entry.heading, width, ellipsis).trimEnd()}</Text>;
  if ('line' in entry) return <Text>{fit(entry.line, width, ellipsis)}</Text>;
  if ('row' in entry) {
    const cell = Math.floor(width / 2);
    return (
      <Text>
        {entry.row.map((k) => (
          <Text key={k.keys}>
            <Text bold color="cyan">
              {k.keys.padEnd(ROW_KEYS_WIDTH)}
            </Text>
            {fit(k.help, cell - ROW_KEYS_WIDTH, ellipsis)}
          </Text>
        ))}
      </Text>
    );
  }
  return (
    <Text>
      <Text bold color="cyan">
        {entry.keys.padEnd(keysWidth)}
      </Text>
      {fit(entry.help, width - keysWidth, ellipsis)}
    </Text>
  );
}

export function HelpOverlay({ entries, title = 'Help', height, width, ellipsis }: { entries: readonly HelpEntry[]; title?: string; height: number; width: number; ellipsis: string }) {
  const half = Math.ceil(entries.length / 2);
  const columns = [entries.slice(0, half), entries.slice(half)];
  const keysWidth = Math.max(MIN_KEYS_WIDTH, ...entries.map((e) => ('keys' in e ? e.keys.length + 1 : 0)));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold inverse wrap="truncate">
        {` ${title}: any key closes it `.padEnd(width)}
      </Text>
      <Box flexDirection="row">
        {columns.map((list, c) => (
          <Box key={c} flexDirection="column" width={Math.floor(width / 2)}>
            {list.map((e, i) => (
              <HelpLine key={i} entry={e} width={Math.floor(width / 2) - 1} keysWidth={keysWidth} ellipsis={ellipsis} />
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
