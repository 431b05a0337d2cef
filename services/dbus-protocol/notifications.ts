/**
 * Notifications in the GUI domain: the standard freedesktop interface that
 * programs such as notify-send call, and org.qtui.Notifications1, through
 * which dom0 reads what was shown (the relay never talks to the freedesktop
 * side except to close a notification).
 */
import type { InterfaceSpec } from './interface-spec.js';

/** Desktop Notifications Specification 1.2. */
export const FREEDESKTOP_NOTIFICATIONS = {
  busName: 'org.freedesktop.Notifications',
  objectPath: '/org/freedesktop/Notifications',
  specVersion: '1.2',
  spec: {
    name: 'org.freedesktop.Notifications',
    methods: {
      Notify: { in: 'susssasa{sv}i', out: 'u' },
      CloseNotification: { in: 'u', out: '' },
      GetCapabilities: { in: '', out: 'as' },
      GetServerInformation: { in: '', out: 'ssss' },
    },
    signals: {
      NotificationClosed: 'uu',
      ActionInvoked: 'us',
    },
  },
} as const satisfies { busName: string; objectPath: string; specVersion: string; spec: InterfaceSpec };

/** The `reason` of NotificationClosed, as the spec numbers them. */
export const CloseReason = {
  Expired: 1,
  Dismissed: 2,
  Closed: 3,
  Undefined: 4,
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

export const Urgency = { Low: 0, Normal: 1, Critical: 2 } as const;
export type Urgency = (typeof Urgency)[keyof typeof Urgency];

/**
 * Upper bounds the GUI agent applies to what it keeps (longer text is cut)
 * and the relay re-checks on what it receives (anything longer is rejected,
 * since an honest agent never sends it). Lengths count Unicode code points.
 */
export const NOTIFICATION_LIMITS = {
  history: 200,
  appName: 64,
  appIcon: 256,
  summary: 200,
  body: 4000,
  actions: 10,
  actionKey: 64,
  actionLabel: 64,
} as const;

/**
 * One notification as dom0 sees it. `time` is when it was (last) posted, in
 * seconds since the epoch by the GUI domain's clock. `actions` are the
 * (key, label) pairs the sender offered.
 */
export interface NotificationEntry {
  id: number;
  appName: string;
  summary: string;
  body: string;
  urgency: Urgency;
  time: number;
  actions: [key: string, label: string][];
}

/** The D-Bus signature of a NotificationEntry. */
export const NOTIFICATION_ENTRY_SIGNATURE = '(usssyua(ss))';
export type NotificationEntryWire = [number, string, string, string, number, number, [string, string][]];

/**
 * org.qtui.Notifications1 on the GUI domain's bus:
 * - List() → every kept notification, oldest first;
 * - Dismiss(id) closes one as the user would (NotificationClosed reason 2);
 * - InvokeAction(id, key) reports the user's choice to the sender
 *   (ActionInvoked) and closes the notification;
 * - Added(entry) on each new notification and on each replacement (same id:
 *   the new entry replaces the old one);
 * - Closed(id, reason) when a notification stops being shown.
 */
export const QTUI_NOTIFICATIONS = {
  busName: 'org.qtui.Notifications1',
  objectPath: '/org/qtui/Notifications1',
  spec: {
    name: 'org.qtui.Notifications1',
    methods: {
      List: { in: '', out: `a${NOTIFICATION_ENTRY_SIGNATURE}` },
      Dismiss: { in: 'u', out: '' },
      InvokeAction: { in: 'us', out: '' },
    },
    signals: {
      Added: NOTIFICATION_ENTRY_SIGNATURE,
      Closed: 'uu',
    },
  },
} as const satisfies { busName: string; objectPath: string; spec: InterfaceSpec };

export function notificationToWire(e: NotificationEntry): NotificationEntryWire {
  return [e.id, e.appName, e.summary, e.body, e.urgency, e.time, e.actions.map(([k, l]) => [k, l])];
}

const U32_MAX = 0xffff_ffff;

function isU32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U32_MAX;
}

function boundedString(v: unknown, max: number): v is string {
  return typeof v === 'string' && [...v].length <= max;
}

function isUrgency(v: unknown): v is Urgency {
  return v === Urgency.Low || v === Urgency.Normal || v === Urgency.Critical;
}

/**
 * Checks a value received as a NotificationEntry (as dbus-next decodes the
 * struct: an array) against its signature and the limits; returns the entry
 * or why it is refused.
 */
export function decodeNotificationEntry(v: unknown): NotificationEntry | string {
  if (!Array.isArray(v) || v.length !== 7) return 'notification: not a 7-field struct';
  const [id, appName, summary, body, urgency, time, actions] = v as unknown[];
  if (!isU32(id) || id === 0) return 'notification: bad id';
  if (!boundedString(appName, NOTIFICATION_LIMITS.appName)) return 'notification: bad app name';
  if (!boundedString(summary, NOTIFICATION_LIMITS.summary)) return 'notification: bad summary';
  if (!boundedString(body, NOTIFICATION_LIMITS.body)) return 'notification: bad body';
  if (!isUrgency(urgency)) return 'notification: bad urgency';
  if (!isU32(time)) return 'notification: bad time';
  if (!Array.isArray(actions) || actions.length > NOTIFICATION_LIMITS.actions) return 'notification: bad actions';
  const pairs: [string, string][] = [];
  for (const a of actions as unknown[]) {
    if (!Array.isArray(a) || a.length !== 2) return 'notification: bad action';
    const [key, label] = a as unknown[];
    if (!boundedString(key, NOTIFICATION_LIMITS.actionKey) || !boundedString(label, NOTIFICATION_LIMITS.actionLabel)) return 'notification: bad action';
    pairs.push([key, label]);
  }
  return { id, appName, summary, body, urgency, time, actions: pairs };
}
