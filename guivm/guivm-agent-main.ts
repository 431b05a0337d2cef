/**
 * The GUI domain's agent: connects to the qube's bus (`--bus ADDRESS`, else
 * DBUS_SESSION_BUS_ADDRESS), serves notifications and the clipboard, prints
 * "guivm-agent: ready" once it owns its names, and runs until SIGTERM or
 * SIGINT (exit 0) or until the bus goes away (exit 1, so its supervisor
 * restarts it).
 */
import { busAddressFrom, connectBus, onBusLost } from '../services/dbus-protocol/index.js';
import { startClipboardService } from './clipboard-service.js';
import { startNotificationsServer } from './notifications-server.js';

const PROGRAM = 'guivm-agent';

function fail(message: string): never {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const where = busAddressFrom(process.argv.slice(2), process.env);
  if (typeof where === 'string') fail(where);
  const bus = await connectBus(where.address).catch((e: unknown) => fail(`cannot connect to ${where.address}: ${e instanceof Error ? e.message : String(e)}`));
  onBusLost(bus, (why) => fail(why));
  const notifications = await startNotificationsServer(bus);
  const clipboard = await startClipboardService(bus);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // The names go with the connection anyway; releasing them first lets a
    // successor own them without waiting for the bus to notice.
    Promise.all([notifications.stop(), clipboard.stop()])
      .catch((e: unknown) => process.stderr.write(`${PROGRAM}: while stopping: ${e instanceof Error ? e.message : String(e)}\n`))
      .finally(() => {
        bus.disconnect();
        process.exit(0);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`${PROGRAM}: ready\n`);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
