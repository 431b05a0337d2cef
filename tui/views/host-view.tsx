/** `H`: the Xen host (xl info essentials) and its memory by qube as a bar chart. */
import { Box, Text } from 'ink';
import { labelColor } from '../label-colors.js';
import { fit, printable } from '../printable.js';
import { useConsoleSnapshot } from '../use-console-snapshot.js';
import { asObject, num, text } from './decode.js';
import type { InfoView, ViewProps } from './info-view.js';
import { filledCells, memoryBars } from './memory-bars.js';
import { useCommandData } from './use-command-data.js';
import { SCROLL_KEYS, useScrollList } from './use-scroll-list.js';

interface HostInfo {
  host: string;
  backend: string;
  xenVersion: string;
  scheduler: string;
  cpus: number;
}

const decodeInfo = (json: unknown): HostInfo => {
  const o = asObject(json, 'info');
  return { host: text(o, 'host'), backend: text(o, 'backend'), xenVersion: text(o, 'xenVersion', '?'), scheduler: text(o, 'scheduler', '?'), cpus: num(o, 'cpus') };
};

const INFO_ARGV = ['info'];
/** Xen's version and CPUs do not change under a running host; memory comes live from the snapshot. */
const INFO_REFRESH_MS = 10_000;
const NAME_WIDTH = 16;
const MIB_WIDTH = 8;
/** Lines above the chart: two of facts, the host bar, a blank, the chart's heading. */
const HEADER_LINES = 5;

function HostView({ api, theme, width, height, keys }: ViewProps) {
  const snapshot = useConsoleSnapshot(api);
  const { state } = useCommandData(api, INFO_ARGV, decodeInfo, INFO_REFRESH_MS);
  const { totalMemMiB, freeMemMiB } = snapshot.host;
  const bars = memoryBars(snapshot.qubes, width - NAME_WIDTH - MIB_WIDTH - 4);
  const chartHeight = Math.max(1, height - HEADER_LINES);
  const list = useScrollList(bars.length, chartHeight);
  keys.current = (input, key) => list.key(input, key);

  const info = state.kind === 'ok' ? state.data : null;
  const facts =
    info === null
      ? state.kind === 'error'
        ? state.message
        : `reading xl info ${theme.glyphs.ellipsis}`
      : `Xen ${info.xenVersion}  scheduler ${info.scheduler}  host ${info.host}${info.backend === 'sim' ? ' (simulated)' : ''}`;
  const used = totalMemMiB - freeMemMiB;
  const hostBarWidth = Math.max(1, width - 40);
  const filled = filledCells(used, totalMemMiB, hostBarWidth);
  const percent = totalMemMiB > 0 ? Math.round((used / totalMemMiB) * 100) : 0;
  const running = snapshot.qubes.filter((q) => q.state === 'Running').length;

  return (
    <Box flexDirection="column" height={height}>
      <Text color={state.kind === 'error' ? 'redBright' : undefined} wrap="truncate">
        {fit(printable(` ${facts}`), width, theme.glyphs.ellipsis)}
      </Text>
      <Text wrap="truncate">
        {fit(` CPUs ${info?.cpus ?? '?'}  memory ${freeMemMiB} MiB free of ${totalMemMiB} MiB  qubes ${running} running of ${snapshot.qubes.length}`, width, theme.glyphs.ellipsis)}
      </Text>
      <Text wrap="truncate">
        {' memory used '}
        <Text color="cyan">{theme.glyphs.swatch.repeat(filled)}</Text>
        <Text dimColor>{'.'.repeat(hostBarWidth - filled)}</Text>
        {` ${percent}%`}
      </Text>
      <Text> </Text>
      <Text bold wrap="truncate">
        {fit(` ${'QUBE'.padEnd(NAME_WIDTH)}${'MiB'.padStart(MIB_WIDTH)}  memory by qube, ${bars.length} holding memory`, width, theme.glyphs.ellipsis)}
      </Text>
      {bars.slice(list.top, list.top + chartHeight).map((b, i) => (
        <Text key={b.name} inverse={list.top + i === list.cursor} wrap="truncate">
          {' '}
          {fit(printable(b.name), NAME_WIDTH, theme.glyphs.ellipsis)}
          {String(b.memMiB).padStart(MIB_WIDTH)}
          {'  '}
          <Text color={labelColor(b.label, theme.colors)}>{theme.glyphs.swatch.repeat(b.cells)}</Text>
        </Text>
      ))}
    </Box>
  );
}

export const hostView: InfoView = {
  name: 'host',
  key: 'H',
  title: 'Host',
  help: 'xl info and memory by qube',
  viewKeys: SCROLL_KEYS,
  Component: HostView,
};
