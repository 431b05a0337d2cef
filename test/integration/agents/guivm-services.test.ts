/**
 * The GUI domain's D-Bus services on a real private dbus-daemon, driven by
 * real clients: notify-send and gdbus (Debian's libnotify-bin and
 * libglib2.0-bin) and a dbus-next client standing in for dom0's relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBusError, type ClientInterface, type MessageBus } from 'dbus-next';
import { spawn } from 'node:child_process';
import { startDbusDaemon, type DbusDaemon } from '../../support/dbus-daemon.js';
import { startNotificationsServer, type NotificationsServer } from '../../../guivm/notifications-server.js';
import { startClipboardService, type ClipboardService } from '../../../guivm/clipboard-service.js';
import {
  CLIPBOARD_MAX_BYTES,
  connectBus,
  decodeNotificationEntry,
  FREEDESKTOP_NOTIFICATIONS,
  NOTIFICATION_LIMITS,
  QTUI_CLIPBOARD,
  QTUI_ERRORS,
  QTUI_NOTIFICATIONS,
  type NotificationEntry,
} from '../../../services/dbus-protocol/index.js';
import { call, introspect, ownInterfaces, run } from './dbus-clients.js';
import { SignalLog } from './signal-log.js';

let daemon: DbusDaemon;
let serverBus: MessageBus;
let clientBus: MessageBus;
let notifications: NotificationsServer;
let clipboard: ClipboardService;
let fdo: ClientInterface;
let qtui: ClientInterface;
let clip: ClientInterface;
let fdoSignals: SignalLog;
let qtuiSignals: SignalLog;
let clientEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  daemon = await startDbusDaemon();
  clientEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: daemon.address };
  serverBus = await connectBus(daemon.address);
  notifications = await startNotificationsServer(serverBus);
  clipboard = await startClipboardService(serverBus);
  clientBus = await connectBus(daemon.address);
  fdo = (await clientBus.getProxyObject(FREEDESKTOP_NOTIFICATIONS.busName, FREEDESKTOP_NOTIFICATIONS.objectPath)).getInterface(FREEDESKTOP_NOTIFICATIONS.spec.name);
  qtui = (await clientBus.getProxyObject(QTUI_NOTIFICATIONS.busName, QTUI_NOTIFICATIONS.objectPath)).getInterface(QTUI_NOTIFICATIONS.spec.name);
  clip = (await clientBus.getProxyObject(QTUI_CLIPBOARD.busName, QTUI_CLIPBOARD.objectPath)).getInterface(QTUI_CLIPBOARD.spec.name);
  fdoSignals = new SignalLog(fdo, ['NotificationClosed', 'ActionInvoked']);
  qtuiSignals = new SignalLog(qtui, ['Added', 'Closed']);
  // A round trip after subscribing: the bus has the match rules before any test emits.
  await call(fdo, 'GetCapabilities');
});

afterAll(async () => {
  await clipboard?.stop();
  await notifications?.stop();
  clientBus?.disconnect();
  serverBus?.disconnect();
  await daemon?.stop();
});

async function list(): Promise<NotificationEntry[]> {
  const raw: unknown = await call(qtui, 'List');
  if (!Array.isArray(raw)) throw new Error('List did not return an array');
  return raw.map((v: unknown) => {
    const e = decodeNotificationEntry(v);
    if (typeof e === 'string') throw new Error(e);
    return e;
  });
}

async function byId(id: number): Promise<NotificationEntry> {
  const e = (await list()).find((n) => n.id === id);
  if (!e) throw new Error(`notification ${id} not listed`);
  return e;
}

async function notifySend(...args: string[]): Promise<number> {
  const r = await run('notify-send', ['--print-id', ...args], clientEnv);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const id = Number(r.stdout.trim());
  expect(Number.isInteger(id) && id > 0).toBe(true);
  return id;
}

async function dbusErrorOf(p: Promise<unknown>): Promise<DBusError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DBusError)) throw new Error(`expected a D-Bus error, got ${String(e)}`);
  return e;
}

describe('introspection', () => {
  it('org.freedesktop.Notifications exports exactly the Desktop Notifications 1.2 members', async () => {
    const ifaces = ownInterfaces(await introspect(daemon.address, 'org.freedesktop.Notifications', '/org/freedesktop/Notifications'));
    expect(ifaces).toEqual({
      'org.freedesktop.Notifications': {
        methods: {
          Notify: { in: 'susssasa{sv}i', out: 'u' },
          CloseNotification: { in: 'u', out: '' },
          GetCapabilities: { in: '', out: 'as' },
          GetServerInformation: { in: '', out: 'ssss' },
        },
        signals: { NotificationClosed: 'uu', ActionInvoked: 'us' },
      },
    });
  });

  it('org.qtui.Notifications1 exports List, Dismiss, InvokeAction, Added and Closed', async () => {
    const ifaces = ownInterfaces(await introspect(daemon.address, 'org.qtui.Notifications1', '/org/qtui/Notifications1'));
    expect(ifaces).toEqual({
      'org.qtui.Notifications1': {
        methods: {
          List: { in: '', out: 'a(usssyua(ss))' },
          Dismiss: { in: 'u', out: '' },
          InvokeAction: { in: 'us', out: '' },
        },
        signals: { Added: '(usssyua(ss))', Closed: 'uu' },
      },
    });
  });

  it('org.qtui.Clipboard1 exports Copy, Paste and State', async () => {
    const ifaces = ownInterfaces(await introspect(daemon.address, 'org.qtui.Clipboard1', '/org/qtui/Clipboard1'));
    expect(ifaces).toEqual({
      'org.qtui.Clipboard1': {
        methods: { Copy: { in: 'say', out: '' }, Paste: { in: '', out: 'say' }, State: { in: '', out: 'su' } },
        signals: {},
      },
    });
  });
});

describe('notifications from real clients', () => {
  it('gdbus call GetServerInformation answers the server name and spec version', async () => {
    const r = await run('gdbus', [
      'call', '--address', daemon.address, '--dest', 'org.freedesktop.Notifications',
      '--object-path', '/org/freedesktop/Notifications', '--method', 'org.freedesktop.Notifications.GetServerInformation',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("('qtui-guivm', 'qtui', '0.1.0', '1.2')");
  });

  it('a notify-send notification is listed for dom0 with app name, urgency and time, and announced by Added', async () => {
    const before = Math.floor(Date.now() / 1000);
    const id = await notifySend('--app-name=mail', '--urgency=critical', 'New mail', 'From: alice');
    const e = await byId(id);
    expect(e).toMatchObject({ id, appName: 'mail', summary: 'New mail', body: 'From: alice', urgency: 2, actions: [] });
    expect(e.time).toBeGreaterThanOrEqual(before);
    expect(e.time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const added = await qtuiSignals.waitFor('Added', ([entry]) => Array.isArray(entry) && entry[0] === id);
    expect(decodeNotificationEntry(added[0])).toEqual(e);
  });

  it('notify-send --replace-id keeps the id and replaces the content', async () => {
    const id = await notifySend('first');
    const again = await notifySend(`--replace-id=${id}`, '--urgency=low', 'second');
    expect(again).toBe(id);
    const all = await list();
    expect(all.filter((n) => n.id === id)).toHaveLength(1);
    expect(await byId(id)).toMatchObject({ summary: 'second', urgency: 0 });
    // The replacement is the newest entry.
    expect(all.at(-1)?.id).toBe(id);
  });

  it('an action chosen in dom0 reaches the waiting notify-send', async () => {
    const child = spawn('notify-send', ['--print-id', '--action=yes=Yes', '--action=no=No', 'Continue?'], { env: clientEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const [entry] = await qtuiSignals.waitFor('Added', ([e]) => Array.isArray(e) && e[2] === 'Continue?');
      const decoded = decodeNotificationEntry(entry);
      if (typeof decoded === 'string') throw new Error(decoded);
      expect(decoded.actions).toEqual([['yes', 'Yes'], ['no', 'No']]);
      await call(qtui, 'InvokeAction', decoded.id, 'yes');
      expect(await exited).toBe(0);
      expect(out.trim().split('\n')).toEqual([String(decoded.id), 'yes']);
      expect(await fdoSignals.waitFor('ActionInvoked', ([id]) => id === decoded.id)).toEqual([decoded.id, 'yes']);
      expect(await fdoSignals.waitFor('NotificationClosed', ([id]) => id === decoded.id)).toEqual([decoded.id, 2]);
    } finally {
      child.kill();
    }
  });
});

describe('notification rules', () => {
  it('oversized fields are cut to their limits, actions to 10 pairs', async () => {
    const actions = Array.from({ length: 15 }, (_, i) => [`k${i}`, `label ${i}`]).flat();
    const id = (await call(fdo, 'Notify', 'a'.repeat(500), 0, '', 's'.repeat(1000), 'b'.repeat(100_000), actions, {}, 0)) as number;
    const e = await byId(id);
    expect(e.appName).toBe('a'.repeat(64));
    expect(e.summary).toBe('s'.repeat(200));
    expect(e.body).toBe('b'.repeat(4000));
    expect(e.actions).toHaveLength(10);
    expect(e.actions[9]).toEqual(['k9', 'label 9']);
  });

  it('expire_timeout closes the notification with reason 1 (expired)', async () => {
    const id = (await call(fdo, 'Notify', 't', 0, '', 'short-lived', '', [], {}, 50)) as number;
    expect(await fdoSignals.waitFor('NotificationClosed', ([n]) => n === id)).toEqual([id, 1]);
    expect(await qtuiSignals.waitFor('Closed', ([n]) => n === id)).toEqual([id, 1]);
    // Kept in dom0's history after it closed.
    expect((await byId(id)).summary).toBe('short-lived');
  });

  it('CloseNotification closes with reason 3, and Dismiss of a closed one is an error', async () => {
    const id = (await call(fdo, 'Notify', 't', 0, '', 'to close', '', [], {}, 0)) as number;
    await call(fdo, 'CloseNotification', id);
    expect(await fdoSignals.waitFor('NotificationClosed', ([n]) => n === id)).toEqual([id, 3]);
    const err = await dbusErrorOf(call(qtui, 'Dismiss', id));
    expect(err.type).toBe(QTUI_ERRORS.InvalidArgs);
    expect(fdoSignals.count('NotificationClosed', ([n]) => n === id)).toBe(1);
  });

  it('InvokeAction refuses an action the notification does not offer', async () => {
    const id = (await call(fdo, 'Notify', 't', 0, '', 'ask', '', ['ok', 'OK'], {}, 0)) as number;
    const err = await dbusErrorOf(call(qtui, 'InvokeAction', id, 'rm-rf'));
    expect(err.type).toBe(QTUI_ERRORS.InvalidArgs);
    expect(fdoSignals.count('ActionInvoked', ([n]) => n === id)).toBe(0);
  });

  it('GetCapabilities lists what the server does', async () => {
    expect(await call(fdo, 'GetCapabilities')).toEqual(['actions', 'body', 'persistence']);
  });
});

describe('a full history', () => {
  it(`List answers all ${NOTIFICATION_LIMITS.history} notifications at their largest (~800 KB in one reply)`, async () => {
    for (let i = 0; i < NOTIFICATION_LIMITS.history; i++) {
      notifications.store.notify({ appName: 'bulk', replacesId: 0, summary: `n${i}`, body: 'b'.repeat(NOTIFICATION_LIMITS.body), actions: [], urgency: 1, expireTimeout: 0 });
    }
    const all = await list();
    expect(all).toHaveLength(NOTIFICATION_LIMITS.history);
    expect(all.every((n) => n.body.length === NOTIFICATION_LIMITS.body)).toBe(true);
  });
});

describe('clipboard', () => {
  it('a paste takes the content once, then the clipboard is empty', async () => {
    await call(clip, 'Copy', 'work', Buffer.from('secret text'));
    expect(await call(clip, 'State')).toEqual(['work', 11]);
    const [source, data] = (await call(clip, 'Paste')) as [string, Buffer];
    expect(source).toBe('work');
    expect(Buffer.from(data).toString()).toBe('secret text');
    expect(await call(clip, 'State')).toEqual(['', 0]);
    const err = await dbusErrorOf(call(clip, 'Paste'));
    expect(err.type).toBe(QTUI_ERRORS.Empty);
  });

  it(`accepts exactly ${CLIPBOARD_MAX_BYTES} bytes and refuses one more with org.qtui.Error.TooLarge`, async () => {
    await call(clip, 'Copy', 'personal', Buffer.alloc(CLIPBOARD_MAX_BYTES, 0x61));
    expect(await call(clip, 'State')).toEqual(['personal', CLIPBOARD_MAX_BYTES]);
    const err = await dbusErrorOf(call(clip, 'Copy', 'vault', Buffer.alloc(CLIPBOARD_MAX_BYTES + 1)));
    expect(err.type).toBe('org.qtui.Error.TooLarge');
    // The refused copy left the previous content alone.
    expect(await call(clip, 'State')).toEqual(['personal', CLIPBOARD_MAX_BYTES]);
    await call(clip, 'Paste');
  });

  it('refuses a source that is not a qube name', async () => {
    const err = await dbusErrorOf(call(clip, 'Copy', '../etc', Buffer.from('x')));
    expect(err.type).toBe(QTUI_ERRORS.InvalidArgs);
    expect(await call(clip, 'State')).toEqual(['', 0]);
  });

  it('gdbus can paste what was copied (a real client reads the byte array)', async () => {
    await call(clip, 'Copy', 'dom0', Buffer.from('hi'));
    const r = await run('gdbus', ['call', '--address', daemon.address, '--dest', 'org.qtui.Clipboard1', '--object-path', '/org/qtui/Clipboard1', '--method', 'org.qtui.Clipboard1.Paste']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe("('dom0', [byte 0x68, 0x69])");
  });
});
