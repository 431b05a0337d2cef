/**
 * The simulated host's `xenstore-watch [-n NR] PATH…`: like the real tool it
 * prints each PATH once when its watch is registered (xenstored fires every
 * new watch once), then one line per matching event, until NR lines were
 * printed or its reader goes away.
 */
import { simDir } from './sim-state.js';
import { exitAfterFlush, exitOnStdoutClose } from './process-exit.js';
import { followXenstoreEvents, watchMatches } from './xenstore-event-follower.js';

const USAGE = 'Usage: xenstore-watch [-h] [-n NR] [-s] [-T] watch-path\n';

function main(argv: readonly string[]): void {
  const paths: string[] = [];
  let limit = Infinity;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-n') {
      limit = Number(argv[++i]);
      if (!Number.isInteger(limit) || limit < 1) return exitAfterFlush(usage());
    } else if (arg === '-h') {
      return exitAfterFlush(usage());
    } else if (arg === '-s' || arg === '-T') {
      // Socket choice and transaction flags change nothing on the simulated host.
    } else if (arg.startsWith('-')) {
      return exitAfterFlush(usage());
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) return exitAfterFlush(usage());
  exitOnStdoutClose();
  let printed = 0;
  const emit = (line: string): void => {
    if (printed >= limit) return;
    process.stdout.write(`${line}\n`);
    if (++printed >= limit) exitAfterFlush(0);
  };
  const dir = simDir(process.env);
  // Follow first, so no event between registration and the first read is lost.
  followXenstoreEvents(dir, (event) => {
    for (const p of paths) if (watchMatches(p, event)) emit(event);
  });
  for (const p of paths) emit(p);
}

function usage(): number {
  process.stderr.write(USAGE);
  return 1;
}

try {
  main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`xenstore-watch: ${e instanceof Error ? e.message : String(e)}\n`);
  exitAfterFlush(1);
}
