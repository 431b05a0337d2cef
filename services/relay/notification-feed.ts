/**
 * Notifications from the GUI domain as dom0 shows them: tagged with the
 * qube whose bus they came from, their text sanitized for drawing. Used by
 * notify-list (the kept history) and by watchNotifications (each new one,
 * from the Added signal, for the console to show as it arrives).
 */
import { decodeNotificationEntry, NOTIFICATION_LIMITS, QTUI_NOTIFICATIONS, type NotificationEntry } from '../dbus-protocol/index.js';
import type { ServiceRelay } from './service-relay.js';
import { sanitizeText } from './untrusted-text.js';

export interface TaggedNotification {
  qube: string;
  id: number;
  appName: string;
  summary: string;
  body: string;
  urgency: number;
  /** Seconds since the epoch, by the GUI domain's clock. */
  time: number;
}

export function tagNotification(qube: string, e: NotificationEntry): TaggedNotification {
  return {
    qube,
    id: e.id,
    appName: sanitizeText(e.appName, NOTIFICATION_LIMITS.appName),
    summary: sanitizeText(e.summary, NOTIFICATION_LIMITS.summary),
    body: sanitizeText(e.body, NOTIFICATION_LIMITS.body),
    urgency: e.urgency,
    time: e.time,
  };
}

/** One line: `[qube] app: summary — body`. */
export function notificationLine(n: TaggedNotification): string {
  return `[${n.qube}] ${n.appName ? `${n.appName}: ` : ''}${n.summary}${n.body ? ` — ${n.body.replace(/\s+/g, ' ')}` : ''}`;
}

/** Calls `onNotification` for each notification posted in any running GUI qube; returns an unsubscribe. */
export function watchNotifications(relay: ServiceRelay, onNotification: (n: TaggedNotification) => void): () => void {
  return relay.onSignal(QTUI_NOTIFICATIONS, 'Added', (body) => decodeNotificationEntry(body[0]), (qube, entry) => onNotification(tagNotification(qube, entry)));
}
