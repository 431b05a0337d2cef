/**
 * `M`: the notifications the qubes posted (held by the GUI domain), newest
 * first, each tagged with its qube's name in the qube's label colour; drawn
 * by dom0, so a qube cannot pass one off as another's.
 */
import { Box, Text } from 'ink';
import type { TaggedNotification } from '../../services/relay/notification-feed.js';
import { labelColor } from '../label-colors.js';
import { fit, printable } from '../printable.js';
import { useConsoleSnapshot } from '../use-console-snapshot.js';
import { asArray, asObject, num, text } from './decode.js';
import type { InfoView, ViewProps } from './info-view.js';
import { loadStatus } from './load-status.js';
import { labelOf, useCommandList } from './use-command-list.js';
import { SCROLL_KEYS } from './use-scroll-list.js';

export function decodeNotifications(json: unknown): TaggedNotification[] {
  return asArray(json, 'notify-list')
    .map((v) => {
      const o = asObject(v, 'notification');
      return { qube: text(o, 'qube'), id: num(o, 'id'), appName: text(o, 'appName'), summary: text(o, 'summary'), body: text(o, 'body'), urgency: num(o, 'urgency'), time: num(o, 'time') };
    })
    .sort((a, b) => b.time - a.time || b.id - a.id);
}

const NOTIFY_ARGV = ['notify-list'];
const REFRESH_MS = 2000;
const TIME = 9;
const QUBE = 16;
/** The selected notification's whole text, under the list. */
const DETAIL_LINES = 2;
/** freedesktop urgency: 2 is critical. */
const CRITICAL = 2;

function clock(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().slice(11, 19);
}

function NotificationsView({ api, theme, width, height, keys }: ViewProps) {
  const snapshot = useConsoleSnapshot(api);
  const listHeight = Math.max(1, height - DETAIL_LINES);
  const { state, rows: list, list: scroll, selected } = useCommandList(api, NOTIFY_ARGV, decodeNotifications, REFRESH_MS, listHeight, keys);
  const e = theme.glyphs.ellipsis;

  return (
    <Box flexDirection="column" height={height}>
      <Box flexDirection="column" height={listHeight}>
        {loadStatus(state, list.length, { loading: 'asking the GUI domain', empty: 'no notifications' }, width, e) ??
          list.slice(scroll.top, scroll.top + listHeight).map((n, i) => (
            <Text key={`${n.qube}-${n.id}`} inverse={scroll.top + i === scroll.cursor} wrap="truncate">
              {` ${clock(n.time)}`.padEnd(TIME)}
              <Text color={labelColor(labelOf(snapshot.qubes, n.qube), theme.colors)} bold>
                {fit(`[${printable(n.qube)}]`, QUBE - 1, e)}
              </Text>{' '}
              <Text color={n.urgency >= CRITICAL ? 'redBright' : undefined}>
                {fit(printable(`${n.appName === '' ? '' : `${n.appName}: `}${n.summary}`), Math.max(1, width - TIME - QUBE), e)}
              </Text>
            </Text>
          ))}
      </Box>
      <Text dimColor wrap="truncate">
        {fit(selected === undefined ? '' : printable(` ${selected.qube} ${selected.appName} #${selected.id}`), width, e)}
      </Text>
      <Text wrap="truncate">{fit(selected === undefined ? '' : printable(` ${selected.body.replace(/\s+/g, ' ')}`), width, e)}</Text>
    </Box>
  );
}

export const notificationsView: InfoView = {
  name: 'notifications',
  key: 'M',
  title: 'Notifications',
  help: 'what the qubes posted, newest first',
  viewKeys: SCROLL_KEYS,
  Component: NotificationsView,
};
