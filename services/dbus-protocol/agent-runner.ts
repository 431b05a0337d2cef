/**
 * The life of a service-qube agent process, the same for every agent:
 * connect to the qube's bus (`--bus ADDRESS`, else DBUS_SESSION_BUS_ADDRESS),
 * start the services, print "PROGRAM: ready" once they own their names, and
 * run until SIGTERM or SIGINT (exit 0) or until the bus goes away (exit 1,
 * so the supervisor restarts the agent).
 */
import type { MessageBus } from 'dbus-next';
import { busAddressFrom, connectBus, onBusLost } from './bus-connection.js';

export interface RunningService {
  stop(): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function runAgent(program: string, argv: readonly string[], start: (bus: MessageBus) => Promise<RunningService[]>): Promise<void> {
  const fail = (why: string): never => {
    process.stderr.write(`${program}: ${why}\n`);
    process.exit(1);
  };
  try {
    const where = busAddressFrom(argv, process.env);
    if (typeof where === 'string') return fail(where);
    const bus = await connectBus(where.address).catch((e: unknown) => fail(`cannot connect to ${where.address}: ${message(e)}`));
    onBusLost(bus, fail);
    const services = await start(bus);

    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      // The names go with the connection anyway; releasing them first lets a
      // successor own them without waiting for the bus to notice.
      Promise.all(services.map((s) => s.stop()))
        .catch((e: unknown) => process.stderr.write(`${program}: while stopping: ${message(e)}\n`))
        .finally(() => {
          bus.disconnect();
          process.exit(0);
        });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.stdout.write(`${program}: ready\n`);
  } catch (e) {
    fail(message(e));
  }
}
