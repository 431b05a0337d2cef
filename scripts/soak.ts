/**
 * `npm run soak -- --minutes N`: the daemon under steady use for N minutes
 * on a throwaway simulated host (127.0.0.1 only): three console clients
 * attached, SSH console sessions connecting and leaving, qubes started and
 * killed in a loop, panes opened, typed into and closed in a loop (a qube's
 * console pane with two dom0 shells split off it, through the first client).
 * Prints the daemon's RSS and V8 heap (both right after a full garbage
 * collection, which the daemon runs when asked: qtui daemon-memory --gc), open
 * fds, pty masters and descendant processes at intervals, and exits 1 if any
 * of them keeps growing over the second half
 * of the run (least-squares slope and the rise of its floor both over a
 * bound), so a leak fails it and GC timing does not; or if, once the loops
 * have stopped, the daemon holds more ptys or processes than before they
 * started.
 *
 *   --minutes N     length of the run (default 2)
 *   --interval S    seconds between samples (default: 20 samples per run, at least 2 s); fds, ptys and processes are the least of the readings over the interval
 *   --loops L       which loops run, comma-separated: ssh,qubes,panes (default all; to find which one leaks)
 */
import { readFileSync } from 'node:fs';
import type ssh2 from 'ssh2';
import { BenchHost, benchQubeName } from '../test/bench/bench-host.js';
import { openConsole } from '../test/bench/bench-console.js';
import { enableSsh, openSshConsole } from '../test/bench/bench-memory.js';
import { openPane } from '../test/bench/bench-panes.js';
import { closeAllPanes, splitShell, typeAndSee } from '../test/bench/pane-keys.js';
import { descendants, openFds, ptyMasters } from '../test/bench/proc-stats.js';
import { growing, type Sample } from '../test/bench/growth.js';
import { numberOption as option } from '../test/bench/number-option.js';
import type { PtyScreen } from '../test/bench/pty-screen.js';

/** Bound on any loop's iterations, whatever the clock says. */
const MAX_ITERATIONS = 100_000;
/** Started and killed by the qubes loop. */
const SOAK_QUBES = 6;
/** Running throughout, after those six: the panes loop opens their consoles. */
const PANE_QUBES = 2;
/** How long the daemon is given, once the loops stop, to let go of what they started. */
const SETTLE_MS = 15_000;

/** Set when one loop fails, so the others stop too instead of running on into the teardown. */
let stopped = false;

async function loop(deadline: number, step: () => Promise<void>): Promise<number> {
  let n = 0;
  try {
    while (!stopped && Date.now() < deadline && n < MAX_ITERATIONS) {
      await step();
      n++;
    }
  } catch (e) {
    stopped = true;
    throw e;
  }
  return n;
}

const READING_GAP_MS = 500;

/** The daemon's memory right after a full collection, asked of the daemon itself: from outside, RSS mostly shows when V8 last collected. */
async function memoryAfterGc(host: BenchHost): Promise<Pick<Sample, 'rssMiB' | 'heapMiB'>> {
  const r = await host.qtui('daemon-memory', '--gc', '--format', 'json');
  if (r.code !== 0) throw new Error(`qtui daemon-memory: ${r.stderr.trim()}`);
  const m = JSON.parse(r.stdout) as { rssMiB: number; heapUsedMiB: number };
  return { rssMiB: m.rssMiB, heapMiB: m.heapUsedMiB };
}

/**
 * One sample: fds, ptys and processes as the least of the readings over the
 * window (what a loop holds for a moment, a pane being opened, a session
 * connecting, is gone in one of them; what leaked is in all), then the
 * memory after a full collection.
 */
type Counts = Pick<Sample, 'fds' | 'ptys' | 'children'>;

function counts(daemon: number): Counts {
  return { fds: openFds(daemon), ptys: ptyMasters(daemon), children: descendants(daemon).length };
}

async function sample(host: BenchHost, daemon: number, started: number, windowMs: number): Promise<Sample> {
  const readings: Counts[] = [];
  const until = Date.now() + windowMs;
  for (;;) {
    readings.push(counts(daemon));
    if (Date.now() + READING_GAP_MS > until) break;
    await new Promise((r) => setTimeout(r, READING_GAP_MS));
  }
  const least = (m: keyof Counts): number => Math.min(...readings.map((r) => r[m]));
  return { minute: (Date.now() - started) / 60_000, ...(await memoryAfterGc(host)), fds: least('fds'), ptys: least('ptys'), children: least('children') };
}

/** The ptys and processes the daemon still holds beyond `before`, once it has had SETTLE_MS to let go of them. */
async function leftBehind(daemon: number, before: Counts): Promise<string[]> {
  const settleBy = Date.now() + SETTLE_MS;
  for (;;) {
    const now = counts(daemon);
    const left = (['ptys', 'children'] as const).filter((m) => now[m] > before[m]).map((m) => `${m}: ${now[m]} after the loops, ${before[m]} before them`);
    if (left.length === 0 || Date.now() > settleBy) return left;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const minutes = option('--minutes', 2);
  const intervalS = option('--interval', Math.max(2, (minutes * 60) / 20));
  const host = await BenchHost.create(SOAK_QUBES + PANE_QUBES);
  const paneQubes = Array.from({ length: PANE_QUBES }, (_, i) => benchQubeName(SOAK_QUBES + 1 + i));
  const clients: PtyScreen[] = [];
  const samples: Sample[] = [];
  let failures: string[];
  try {
    await host.startDomains(paneQubes);
    const daemon = await host.startDaemon();
    for (let i = 0; i < 3; i++) clients.push(await openConsole(host));
    const access = await enableSsh(host);
    const key = readFileSync(access.keyPath);
    const before = await sample(host, daemon, Date.now(), 2000);
    const started = Date.now();
    const deadline = started + minutes * 60_000;

    const loops = (process.argv[process.argv.indexOf('--loops') + 1] ?? '').split(',');
    const wanted = (name: string): boolean => !process.argv.includes('--loops') || loops.includes(name);
    const sshLoop = loop(wanted('ssh') ? deadline : 0, async () => {
      const c: ssh2.Client = await openSshConsole(access, key, 120, 36);
      const closed = new Promise<void>((r) => c.on('close', () => r()));
      c.end();
      await closed;
    });
    let q = 0;
    const qubeLoop = loop(wanted('qubes') ? deadline : 0, async () => {
      const name = benchQubeName((q++ % SOAK_QUBES) + 1);
      for (const args of [['start', name], ['kill', name]]) {
        const r = await host.qtui(...args);
        if (r.code !== 0) throw new Error(`qtui ${args.join(' ')}: ${r.stderr.trim()}`);
      }
    });
    const driver = clients[0] as PtyScreen;
    let typed = 0;
    let p = 0;
    const paneLoop = loop(wanted('panes') ? deadline : 0, async () => {
      const qube = paneQubes[p++ % PANE_QUBES] as string;
      await openPane(driver, qube, `${qube}: console`);
      await typeAndSee(driver, typed++, `${qube}'s console`);
      for (const split of ['|', '-'] as const) {
        await splitShell(driver, split);
        await typeAndSee(driver, typed++, 'a dom0 shell');
      }
      await closeAllPanes(driver, 3);
    });
    const sampleLoop = loop(deadline, async () => {
      // A window cut short by the loops' end would hold fewer readings than the others: it is waited out instead.
      if (Date.now() + intervalS * 1000 > deadline) {
        await new Promise((r) => setTimeout(r, deadline - Date.now()));
        return;
      }
      const s = await sample(host, daemon, started, intervalS * 1000);
      samples.push(s);
      console.log(`${s.minute.toFixed(2)} min  rss ${s.rssMiB.toFixed(1)} MiB  heap ${s.heapMiB.toFixed(1)} MiB (after a full collection)  fds ${s.fds}  ptys ${s.ptys}  children ${s.children}`);
    });
    // allSettled: on a failure every loop is let finish its step before the teardown.
    const settled = await Promise.allSettled([sshLoop, qubeLoop, paneLoop, sampleLoop]);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    const [sshRounds, qubeRounds, paneRounds] = settled.map((s) => (s.status === 'fulfilled' ? s.value : 0));
    console.log(`${sshRounds} SSH sessions in and out, ${qubeRounds} qube start/kill rounds, ${paneRounds} rounds of 3 panes opened and closed, 3 clients attached throughout`);
    failures = growing(samples).map((f) => `GROWING: ${f}`);
    failures.push(...(await leftBehind(daemon, before)).map((f) => `LEFT BEHIND: ${f}`));
  } finally {
    for (const c of clients) c.kill();
    await host.teardown();
  }
  if (samples.length < 8) console.log('too few samples to judge growth; run longer or with a shorter --interval');
  for (const f of failures) console.log(f);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
