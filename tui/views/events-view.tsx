/**
 * `E`: the audit log, newest first: who did what, from which session (local
 * user or SSH key), from where, with what result; `a` switches to the qubes'
 * own events (started, stopped, links, errors). Read again every second
 * while shown.
 */
import { Box, Text } from 'ink';
import type { MutableRefObject } from 'react';
import { useRef } from 'react';
import { labelColor } from '../label-colors.js';
import { fit, printable } from '../printable.js';
import { useConsoleSnapshot } from '../use-console-snapshot.js';
import { useRefState } from '../use-ref-state.js';
import type { AuditRowView } from './audit-rows.js';
import { decodeAuditRows, displayWho, foldRuns, resultColor, shortTime } from './audit-rows.js';
import type { InfoView, ViewKeyHandler, ViewProps } from './info-view.js';
import { loadStatus } from './load-status.js';
import { labelOf, useCommandList } from './use-command-list.js';
import { SCROLL_KEYS } from './use-scroll-list.js';
import { decodeQubeEvents, eventColor } from './qube-events.js';

const AUDIT_ARGV = ['events', '--audit', '--limit', '500'];
const EVENTS_ARGV = ['events'];
const REFRESH_MS = 1000;
const TIME = 15;
const ROLE = 9;
const RESULT = 8;
const QUBE = 16;
const TYPE = 18;
/** Which list and the header above it, and the selected entry in full at the bottom (two lines). */
const CHROME = 4;

type ListProps = ViewProps & { list: MutableRefObject<ViewKeyHandler | null> };

function SourceLine({ title, other, width, ellipsis }: { title: string; other: string; width: number; ellipsis: string }) {
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">{` ${title}`}</Text>
      <Text dimColor>{fit(`   a: ${other}`, Math.max(1, width - title.length - 1), ellipsis)}</Text>
    </Text>
  );
}

const decodeFolded = (json: unknown): AuditRowView[] => foldRuns(decodeAuditRows(json));

function columns(width: number): { who: number; from: number; what: number } {
  const rest = Math.max(30, width - TIME - ROLE - RESULT - 1);
  const who = Math.floor(rest * 0.3);
  const from = Math.floor(rest * 0.22);
  return { who, from, what: rest - who - from };
}

function AuditLogList({ api, theme, width, height, list: keys }: ListProps) {
  const listHeight = Math.max(1, height - CHROME);
  const { state, rows, list, selected } = useCommandList(api, AUDIT_ARGV, decodeFolded, REFRESH_MS, listHeight, keys);
  const e = theme.glyphs.ellipsis;
  const w = columns(width);
  const cell = (s: string, n: number): string => fit(printable(s), n - 1, e) + ' ';

  return (
    <Box flexDirection="column" height={height}>
      <SourceLine title="Audit log" other="qube events" width={width} ellipsis={e} />
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

function QubeEventList({ api, theme, width, height, list: keys }: ListProps) {
  const snapshot = useConsoleSnapshot(api);
  const listHeight = Math.max(1, height - CHROME);
  const { state, rows, list, selected } = useCommandList(api, EVENTS_ARGV, decodeQubeEvents, REFRESH_MS, listHeight, keys);
  const e = theme.glyphs.ellipsis;
  return (
    <Box flexDirection="column" height={height}>
      <SourceLine title="Qube events" other="audit log" width={width} ellipsis={e} />
      <Text bold wrap="truncate">
        {fit(` ${'TIME (UTC)'.padEnd(TIME)}${'QUBE'.padEnd(QUBE)}${'EVENT'.padEnd(TYPE)}DETAIL`, width, e)}
      </Text>
      <Box flexDirection="column" height={listHeight}>
        {loadStatus(state, rows.length, { loading: 'reading the events', empty: 'no events since the daemon started' }, width, e) ??
          rows.slice(list.top, list.top + listHeight).map((r, i) => (
            <Text key={`${list.top + i}`} inverse={list.top + i === list.cursor} wrap="truncate">
              {' '}
              {fit(shortTime(r.time), TIME - 1, e)}{' '}
              <Text color={r.qube === '' ? undefined : labelColor(labelOf(snapshot.qubes, r.qube), theme.colors)}>{fit(printable(r.qube || '-'), QUBE - 1, e)}</Text>{' '}
              <Text color={eventColor(r.type)}>{fit(printable(r.type), TYPE - 1, e)}</Text>{' '}
              {fit(printable(r.detail), Math.max(1, width - TIME - QUBE - TYPE - 1), e)}
            </Text>
          ))}
      </Box>
      <Text dimColor wrap="truncate">
        {fit(selected === undefined ? '' : printable(` ${selected.time} ${selected.qube} ${selected.type}`), width, e)}
      </Text>
      <Text wrap="truncate">{fit(selected === undefined ? '' : printable(` ${selected.detail}`), width, e)}</Text>
    </Box>
  );
}

function EventsView(props: ViewProps) {
  const [source, setSource] = useRefState<'audit' | 'qubes'>('audit');
  const list = useRef<ViewKeyHandler | null>(null);
  props.keys.current = (input, key) => {
    if (input === 'a' && !key.ctrl && !key.meta) {
      list.current = null;
      setSource((s) => (s === 'audit' ? 'qubes' : 'audit'));
      return true;
    }
    return list.current?.(input, key) ?? false;
  };
  return source === 'audit' ? <AuditLogList {...props} list={list} /> : <QubeEventList {...props} list={list} />;
}

export const eventsView: InfoView = {
  name: 'events',
  key: 'E',
  title: 'Events',
  help: 'the audit log: who did what, from where (live)',
  viewKeys: [{ keys: 'a', help: 'audit log / qube events' }, ...SCROLL_KEYS],
  Component: EventsView,
};
