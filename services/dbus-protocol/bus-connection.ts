/**
 * Connecting an agent to its qube's bus, and learning when that bus goes
 * away (an agent whose bus is gone must exit so its supervisor restarts it).
 */
import { EventEmitter } from 'node:events';
import { sessionBus, type MessageBus } from 'dbus-next';

/** The bus address from `--bus ADDRESS` in argv, else DBUS_SESSION_BUS_ADDRESS; a string message when neither is usable. */
export function busAddressFrom(argv: readonly string[], env: NodeJS.ProcessEnv): { address: string } | string {
  const i = argv.indexOf('--bus');
  if (i >= 0) {
    const address = argv[i + 1];
    return address ? { address } : '--bus needs an ADDRESS';
  }
  const fromEnv = env.DBUS_SESSION_BUS_ADDRESS;
  return fromEnv ? { address: fromEnv } : 'no bus: give --bus ADDRESS or set DBUS_SESSION_BUS_ADDRESS';
}

/**
 * The address as dbus-next should be given it. For `unix:path=` dbus-next
 * uses the optional `usocket` module, whose writes of large messages (a few
 * hundred KB, e.g. a full notification history) never complete, which hangs
 * the connection for good; its own `unix:socket=` key takes node's net
 * module instead, which handles them (we pass no file descriptors).
 */
export function dbusNextAddress(address: string): string {
  return address
    .split(';')
    .map((a) => a.replace(/^unix:((?:[^,]*,)*)path=/, 'unix:$1socket='))
    .join(';');
}

/**
 * Opens a connection and resolves once the bus has said hello (the unique
 * name is assigned), so a dead address fails here rather than later.
 */
export function connectBus(address: string): Promise<MessageBus> {
  const bus = sessionBus({ busAddress: dbusNextAddress(address) });
  return new Promise((resolve, reject) => {
    const onError = (e: unknown): void => {
      bus.off('connect', onConnect);
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onConnect = (): void => {
      bus.off('error', onError);
      resolve(bus);
    };
    bus.once('error', onError);
    bus.once('connect', onConnect);
  });
}

/**
 * Calls `onLost` once when the bus connection ends or fails. dbus-next's
 * MessageBus reports neither, so this listens on its connection, a private
 * field of dbus-next 0.10 (the version package.json pins).
 */
export function onBusLost(bus: MessageBus, onLost: (why: string) => void): void {
  const connection: unknown = (bus as unknown as { _connection?: unknown })._connection;
  if (!(connection instanceof EventEmitter)) throw new Error('dbus-next: no connection to watch (is the version other than 0.10?)');
  let lost = false;
  const report = (why: string): void => {
    if (lost) return;
    lost = true;
    onLost(why);
  };
  connection.once('end', () => report('the bus closed the connection'));
  bus.on('error', (e: unknown) => report(`bus error: ${e instanceof Error ? e.message : String(e)}`));
}
