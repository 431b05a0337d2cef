/**
 * The life of a service-qube agent process, the same for every agent:
 * connect to the qube's bus (`--bus ADDRESS`, else DBUS_SESSION_BUS_ADDRESS),
 * start the services, print "PROGRAM: ready" once they own their names, and
 * run until SIGTERM or SIGINT (exit 0) or until the bus goes away (exit 1,
 * so the supervisor restarts the agent).
 *
 * With `--vchan XENSTORE_PATH [--vchan-state XENSTORE_PATH]` the agent also
 * keeps a vchan-socket-proxy server joining dom0 to the bus (see
 * vchan-server-keeper.ts); the program is QTUI_VCHAN_PROXY if set, else
 * `vchan-socket-proxy` from PATH.
 */
import type { MessageBus } from 'dbus-next';
import { busAddressFrom, connectBus, onBusLost } from './bus-connection.js';
import { unixSocketOfAddress, VchanServerKeeper } from './vchan-server-keeper.js';

export interface RunningService {
  stop(): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The value after `flag` in argv; undefined when the flag is absent, '' when its value is missing. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : (argv[i + 1] ?? '');
}

/** The vchan keeper argv asks for, none, or why it cannot be had. */
function vchanKeeper(program: string, argv: readonly string[], address: string): VchanServerKeeper | undefined | string {
  const vchanPath = flagValue(argv, '--vchan');
  const statePath = flagValue(argv, '--vchan-state');
  if (vchanPath === undefined) return statePath === undefined ? undefined : '--vchan-state needs --vchan';
  if (vchanPath === '' || statePath === '') return '--vchan and --vchan-state need a xenstore path';
  const busSocket = unixSocketOfAddress(address);
  if (!busSocket) return `--vchan needs a unix:path= bus address, not ${address}`;
  const log = (line: string): void => void process.stderr.write(`${program}: ${line}\n`);
  return new VchanServerKeeper({ vchanPath, busSocket, log, proxy: process.env.QTUI_VCHAN_PROXY || undefined, ...(statePath ? { statePath } : {}) });
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
    const keeper = vchanKeeper(program, argv, where.address);
    if (typeof keeper === 'string') return fail(keeper);
    const services = await start(bus);
    if (keeper) {
      keeper.start();
      services.push(keeper);
    }

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
