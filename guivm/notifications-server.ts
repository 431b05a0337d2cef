/**
 * The GUI domain's notification daemon: the standard
 * org.freedesktop.Notifications server (so unmodified programs such as
 * notify-send work) and org.qtui.Notifications1, through which dom0 reads
 * and acts on what was shown. Both are views of one NotificationStore.
 */
import { DBusError, interface as dbusInterface, Variant, type MessageBus } from 'dbus-next';
import {
  CloseReason,
  dbusMembers,
  FREEDESKTOP_NOTIFICATIONS,
  notificationToWire,
  ownBusName,
  QTUI_ERRORS,
  QTUI_NOTIFICATIONS,
  Urgency,
  type NotificationEntryWire,
} from '../services/dbus-protocol/index.js';
import { NotificationStore, type NotificationStoreOptions } from './notification-store.js';

export const SERVER_INFORMATION = { name: 'qtui-guivm', vendor: 'qtui', version: '0.1.0' } as const;

// What this server does with a notification: keeps its body and actions,
// and keeps it after it closes (dom0's history).
const CAPABILITIES = ['actions', 'body', 'persistence'];

function urgencyOf(hints: unknown): Urgency {
  if (typeof hints !== 'object' || hints === null) return Urgency.Normal;
  const hint: unknown = (hints as Record<string, unknown>).urgency;
  // The spec says byte; some senders use another integer type, so any
  // integer variant in range is accepted.
  const value: unknown = hint instanceof Variant ? hint.value : undefined;
  return value === Urgency.Low || value === Urgency.Critical ? value : Urgency.Normal;
}

class FreedesktopNotificationsInterface extends dbusInterface.Interface {
  constructor(private readonly store: NotificationStore) {
    super(FREEDESKTOP_NOTIFICATIONS.spec.name);
  }

  Notify(appName: string, replacesId: number, _appIcon: string, summary: string, body: string, actions: string[], hints: unknown, expireTimeout: number): number {
    return this.store.notify({ appName, replacesId, summary, body, actions, urgency: urgencyOf(hints), expireTimeout });
  }

  CloseNotification(id: number): void {
    this.store.close(id, CloseReason.Closed);
  }

  GetCapabilities(): string[] {
    return [...CAPABILITIES];
  }

  GetServerInformation(): [string, string, string, string] {
    return [SERVER_INFORMATION.name, SERVER_INFORMATION.vendor, SERVER_INFORMATION.version, FREEDESKTOP_NOTIFICATIONS.specVersion];
  }

  // Signals: dbus-next emits what these return.
  NotificationClosed(id: number, reason: CloseReason): [number, number] {
    return [id, reason];
  }

  ActionInvoked(id: number, actionKey: string): [number, string] {
    return [id, actionKey];
  }
}
FreedesktopNotificationsInterface.configureMembers(dbusMembers(FREEDESKTOP_NOTIFICATIONS.spec));

class QtuiNotificationsInterface extends dbusInterface.Interface {
  constructor(
    private readonly store: NotificationStore,
    private readonly onAction: (id: number, key: string) => void,
  ) {
    super(QTUI_NOTIFICATIONS.spec.name);
  }

  List(): NotificationEntryWire[] {
    return this.store.list().map(notificationToWire);
  }

  Dismiss(id: number): void {
    if (!this.store.close(id, CloseReason.Dismissed)) throw notShown(id);
  }

  InvokeAction(id: number, key: string): void {
    const entry = this.store.get(id);
    if (!entry || !this.store.isOpen(id)) throw notShown(id);
    if (!entry.actions.some(([k]) => k === key)) throw new DBusError(QTUI_ERRORS.InvalidArgs, `notification ${id} has no action ${JSON.stringify(key.slice(0, 64))}`);
    this.onAction(id, key);
    this.store.close(id, CloseReason.Dismissed);
  }

  Added(entry: NotificationEntryWire): NotificationEntryWire {
    return entry;
  }

  Closed(id: number, reason: CloseReason): [number, number] {
    return [id, reason];
  }
}
QtuiNotificationsInterface.configureMembers(dbusMembers(QTUI_NOTIFICATIONS.spec));

function notShown(id: number): DBusError {
  return new DBusError(QTUI_ERRORS.InvalidArgs, `notification ${id} is not shown`);
}

export interface NotificationsServer {
  readonly store: NotificationStore;
  /** Releases the names, unexports the objects and cancels the expiry timers. */
  stop(): Promise<void>;
}

export type NotificationsServerOptions = Omit<NotificationStoreOptions, 'onAdded' | 'onClosed'>;

/** Exports both notification interfaces on `bus` and owns their names. */
export async function startNotificationsServer(bus: MessageBus, options: NotificationsServerOptions = {}): Promise<NotificationsServer> {
  // The store's callbacks name the interfaces declared below: they only run
  // on a Notify or a close, by which time both exist.
  const store = new NotificationStore({
    ...options,
    onAdded: (entry) => qtui.Added(notificationToWire(entry)),
    onClosed: (id, reason) => {
      freedesktop.NotificationClosed(id, reason);
      qtui.Closed(id, reason);
    },
  });
  const freedesktop = new FreedesktopNotificationsInterface(store);
  const qtui = new QtuiNotificationsInterface(store, (id, key) => freedesktop.ActionInvoked(id, key));
  bus.export(FREEDESKTOP_NOTIFICATIONS.objectPath, freedesktop);
  bus.export(QTUI_NOTIFICATIONS.objectPath, qtui);
  try {
    await ownBusName(bus, FREEDESKTOP_NOTIFICATIONS.busName);
    await ownBusName(bus, QTUI_NOTIFICATIONS.busName);
  } catch (e) {
    store.dispose();
    bus.unexport(FREEDESKTOP_NOTIFICATIONS.objectPath, freedesktop);
    bus.unexport(QTUI_NOTIFICATIONS.objectPath, qtui);
    throw e;
  }
  return {
    store,
    async stop() {
      store.dispose();
      bus.unexport(FREEDESKTOP_NOTIFICATIONS.objectPath, freedesktop);
      bus.unexport(QTUI_NOTIFICATIONS.objectPath, qtui);
      await bus.releaseName(FREEDESKTOP_NOTIFICATIONS.busName);
      await bus.releaseName(QTUI_NOTIFICATIONS.busName);
    },
  };
}
