/** notify-list: the notifications the GUI domain holds, each tagged with the qube it came from. */
import { QTUI_NOTIFICATIONS } from '../../dbus-protocol/index.js';
import { decodeNotifications } from '../../relay/reply-decoders.js';
import { relayed, requireService, type RelayContext } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import type { CommandSpec } from '../command-spec.js';

export interface TaggedNotification {
  qube: string;
  id: number;
  appName: string;
  summary: string;
  body: string;
  urgency: number;
  time: number;
}

export const notifyListCommand: CommandSpec<RelayContext> = {
  name: 'notify-list',
  summary: 'notifications shown in the GUI domain',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [],
  handler: async (ctx) => {
    const qube = requireService(ctx, 'gui');
    const entries = await relayed(() => ctx.relay.call(qube, QTUI_NOTIFICATIONS, 'List', [], decodeNotifications));
    // The decoder bounds lengths; drawing needs control characters gone as well.
    const list: TaggedNotification[] = entries.map((e) => ({
      qube,
      id: e.id,
      appName: sanitizeText(e.appName, 64),
      summary: sanitizeText(e.summary, 200),
      body: sanitizeText(e.body, 4000),
      urgency: e.urgency,
      time: e.time,
    }));
    const text = list.map((n) => `[${n.qube}] ${n.appName ? `${n.appName}: ` : ''}${n.summary}${n.body ? ` — ${n.body.replace(/\s+/g, ' ')}` : ''}\n`).join('');
    return { data: list, text };
  },
};
