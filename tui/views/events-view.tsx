/**
 * `E`: the audit log, newest first: who did what, from which session (local
 * user or SSH key), from where, with what result. Read again every second
 * while shown.
 */
import { Box, Text } from 'ink';
import { fit, printable } from '../printable.js';
import type { AuditRowView } from './audit-rows.js';
import { decodeAuditRows, displayWho, foldRuns, resultColor, shortTime } from './audit-rows.js';
import type { InfoView, ViewProps } from './info-view.js';
import { loadStatus } from './load-status.js';
import { useCommandData } from './use-command-data.js';
import { SCROLL_KEYS, useScrollList } from './use-scroll-list.js';

const AUDIT_ARGV = ['events', '--audit', '--limit', '500'];
const REFRESH_MS = 1000;
const TIME = 15;
const ROLE = 9;
const RESULT = 8;
/** Header, and the selected entry in full at the bottom (two lines). */
const CHROME = 3;

const decodeFolded = (json: unknown): AuditRowView[] => foldRuns(decodeAuditRows(json));

function columns(width: number): { who: number; from: number; what: number } {
  const rest = Math.max(30, width - TIME - ROLE - RESULT - 1);
  const who = Math.floor(rest * 0.3);
  const from = Math.floor(rest * 0.22);
  return { who, from, what: rest - who - from };
}

function EventsView({ api, theme, width, height, keys }: ViewProps) {
  const { state } = useCommandData(api, AUDIT_ARGV, decodeFolded, REFRESH_MS);
  const rows = state.kind === 'ok' ? state.data : [];
  const listHeight = Math.max(1, height - CHROME);
  const list = useScrollList(rows.length, listHeight);
  keys.current = (input, key) => list.key(input, key);
  const e = theme.glyphs.ellipsis;
  const w = columns(width);
  const cell = (s: string, n: number): string => fit(printable(s), n - 1, e) + ' ';
  const selected = rows[list.cursor];

  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {fit(` ${'TIME (UTC)'.padEnd(TIME)}${'WHO'.padEnd(w.who)}${'ROLE'.padEnd(ROLE)}${'FROM'.padEnd(w.from)}${'WHAT'.padEnd(w.what)}RESULT`, width, e)}
      </Text>
      <Box flexDirection="column" height={listHeight}>
        {loadStatus(state, rows.length, { loading: 'reading the audit log', empty: 'nothing audited yet' }, width, e) ??
          rows.slice(list.top, list.top + listHeight).map((r, i) => (
            <Text key={`${list.top + i}`} inverse={list.top + i === list.cursor} wrap="truncate">
              {' '}
              {cell(shortTime(r.time), TIME)}
              {cell(displayWho(r.who), w.who)}
              {cell(r.role || '-', ROLE)}
              {cell(r.from, w.from)}
              {cell(r.count > 1 ? `${r.count}x ${r.what}` : r.what, w.what)}
              <Text color={resultColor(r.result)}>{fit(r.result, RESULT - 1, e)}</Text>
            </Text>
          ))}
      </Box>
      <Text dimColor wrap="truncate">
        {fit(selected === undefined ? '' : printable(` ${selected.time} ${selected.who}${selected.role ? ` (${selected.role})` : ''} from ${selected.from}`), width, e)}
      </Text>
      <Text wrap="truncate">
        {fit(selected === undefined ? '' : printable(` ${selected.what} ${theme.glyphs.cursor} ${selected.result}${selected.message ? `: ${selected.message}` : ''}`), width, e)}
      </Text>
    </Box>
  );
}

export const eventsView: InfoView = {
  name: 'events',
  key: 'E',
  title: 'Events',
  help: 'the audit log: who did what, from where (live)',
  viewKeys: SCROLL_KEYS,
  Component: EventsView,
};
