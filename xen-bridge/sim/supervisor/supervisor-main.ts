/**
 * Entry point of a simulated domain's supervisor process (started by
 * startSupervisor): `node supervisor-main.js SIM_DIR DOMID [--ready-fd=N]`.
 * It reports "ready" on the given fd once the domain's socket listens.
 */
import { closeSync, writeSync } from 'node:fs';
import { DomainSupervisor } from './domain-supervisor.js';

const EXIT_GRACE_MS = 2000;

function fail(message: string): never {
  console.error(`qtui-sim-supervisor: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const [simDir, domidText, readyArg] = process.argv.slice(2);
  const domid = Number(domidText);
  if (!simDir || !Number.isInteger(domid) || domid <= 0) fail('usage: supervisor-main SIM_DIR DOMID [--ready-fd=N]');
  // Detached from any terminal already; a stray SIGHUP must not take the domain down.
  process.on('SIGHUP', () => undefined);
  const supervisor = await DomainSupervisor.start(simDir, domid);
  process.on('uncaughtException', (e) => {
    supervisor.killGuestNow();
    fail(`crashed, guest killed: ${e.stack ?? e.message}`);
  });
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      console.error(`${new Date().toISOString()} ${sig}: destroying the domain`);
      void supervisor.destroy();
    });
  }
  const readyFd = readyArg?.startsWith('--ready-fd=') ? Number(readyArg.slice('--ready-fd='.length)) : undefined;
  if (readyFd !== undefined) {
    writeSync(readyFd, 'ready\n');
    closeSync(readyFd);
  }
  await supervisor.done;
  // Exit once the last replies are flushed (the event loop drains); a handle left open must not keep a dead domain's supervisor.
  setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
