/** notify-list: the notifications the GUI domain holds, each tagged with the qube it came from. */
import { QTUI_NOTIFICATIONS } from '../../dbus-protocol/index.js';
import { notificationLine, tagNotification } from '../../relay/notification-feed.js';
import { decodeNotifications } from '../../relay/reply-decoders.js';
import { relayed, requireService, type RelayContext } from '../../relay/relay-context.js';
import type { CommandSpec } from '../command-spec.js';
import { FORMAT_OPTION, wantsJson } from './command-helpers.js';

export const notifyListCommand: CommandSpec<RelayContext> = {
  name: 'notify-list',
  summary: 'notifications shown in the GUI domain',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const qube = requireService(ctx, 'gui');
    const entries = await relayed(() => ctx.relay.call(qube, QTUI_NOTIFICATIONS, 'List', [], decodeNotifications));
    const list = entries.map((e) => tagNotification(qube, e));
    if (wantsJson(args)) return { data: list };
    return { data: list, text: list.map((n) => `${notificationLine(n)}\n`).join('') };
  },
};
