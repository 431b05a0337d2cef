/**
 * The simulated host's `xentop`, batch mode: an iteration every -d seconds,
 * -i times or until its reader goes away. CPU% is the CPU time a domain used
 * between two iterations over the wall time between them.
 */
import { allDomainViews, type DomainView } from './host-model.js';
import { readSimState, simDir } from './sim-state.js';
import { exitAfterFlush, exitOnStdoutClose } from './process-exit.js';
import { formatXentopIteration, type XentopFlags } from './format/xentop-format.js';

const USAGE = `Usage: xentop [OPTION]
Displays ongoing information about xen vm resources 

-h, --help           display this help and exit
-V, --version        output version information and exit
-d, --delay=SECONDS  seconds between updates (default 3)
-n, --networks       output vif network data
-x, --vbds           output vbd block device data
-r, --repeat-header  repeat table header before each domain
-v, --vcpus          output vcpu data
-b, --batch          output in batch mode, no user input accepted
-i, --iterations     number of iterations before exiting
-f, --full-name      output the full domain name (not truncated)
-z, --dom0-first     display dom0 first (ignore sorting)

Report bugs to <xen-devel@lists.xen.org>.
`;

const LONG: Readonly<Record<string, string>> = {
  help: 'h',
  version: 'V',
  delay: 'd',
  networks: 'n',
  vbds: 'x',
  'repeat-header': 'r',
  vcpus: 'v',
  batch: 'b',
  iterations: 'i',
  'full-name': 'f',
  'dom0-first': 'z',
};
const TAKES_VALUE = new Set(['d', 'i']);

interface Options {
  flags: XentopFlags;
  batch: boolean;
  delaySec: number;
  iterations: number;
}

/** The options, or an exit code after printing what xentop prints. */
function parseOptions(argv: readonly string[]): Options | number {
  const o: Options = { flags: { fullName: false, networks: false, vcpus: false, vbds: false, repeatHeader: false }, batch: false, delaySec: 3, iterations: Infinity };
  const given: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
      const letter = LONG[name];
      if (!letter) {
        process.stderr.write(`xentop: unrecognized option '${arg}'\n${USAGE}`);
        return 1;
      }
      given.push([letter, TAKES_VALUE.has(letter) ? (inline ?? argv[++i] ?? '') : '']);
      continue;
    }
    if (!arg.startsWith('-')) continue;
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] ?? '';
      if (!Object.values(LONG).includes(letter)) {
        process.stderr.write(`xentop: invalid option -- '${letter}'\n${USAGE}`);
        return 1;
      }
      if (TAKES_VALUE.has(letter)) {
        given.push([letter, arg.slice(j + 1) || (argv[++i] ?? '')]);
        break;
      }
      given.push([letter, '']);
    }
  }
  for (const [letter, value] of given) {
    if (letter === 'h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (letter === 'V') {
      process.stdout.write('xentop 4.17.7\n');
      return 0;
    }
    if (letter === 'b') o.batch = true;
    if (letter === 'f') o.flags.fullName = true;
    if (letter === 'n') o.flags.networks = true;
    if (letter === 'v') o.flags.vcpus = true;
    if (letter === 'x') o.flags.vbds = true;
    if (letter === 'r') o.flags.repeatHeader = true;
    // The simulated host accepts fractions of a second so tests need not wait whole seconds.
    if (letter === 'd') o.delaySec = Math.max(0.01, Number(value) || 3);
    if (letter === 'i') o.iterations = Math.max(1, Math.floor(Number(value)) || 1);
  }
  return o;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseOptions(argv);
  if (typeof parsed === 'number') return parsed;
  if (!parsed.batch) {
    // Batch mode is all a pipe gets; real xentop's curses screen needs a terminal too.
    process.stderr.write(`Error opening terminal: ${process.env.TERM ?? 'unknown'}.\n`);
    return 1;
  }
  exitOnStdoutClose();
  const dir = simDir(process.env);
  let previous = new Map<number, { cpuSec: number; atMs: number }>();
  for (let n = 0; n < parsed.iterations; n++) {
    if (n > 0) await new Promise((r) => setTimeout(r, parsed.delaySec * 1000));
    const state = readSimState(dir);
    const atMs = Date.now();
    const views: DomainView[] = allDomainViews(dir, state);
    const rows = views.map((view) => {
      const prev = previous.get(view.domid);
      const cpuPercent = prev && atMs > prev.atMs ? ((view.cpuSec - prev.cpuSec) / ((atMs - prev.atMs) / 1000)) * 100 : null;
      return { view, cpuPercent: cpuPercent === null ? null : Math.max(0, cpuPercent) };
    });
    previous = new Map(views.map((v) => [v.domid, { cpuSec: v.cpuSec, atMs }]));
    process.stdout.write(formatXentopIteration(rows, state.totalMemoryMiB, parsed.flags));
  }
  return 0;
}

main(process.argv.slice(2)).then(exitAfterFlush, (e: unknown) => {
  process.stderr.write(`xentop: ${e instanceof Error ? e.message : String(e)}\n`);
  exitAfterFlush(1);
});
