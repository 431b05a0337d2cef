/**
 * `npm run soak -- --minutes N`: the daemon under steady use for N minutes
 * on a throwaway simulated host (127.0.0.1 only): three console clients
 * attached, SSH console sessions connecting and leaving, qubes started and
 * killed in a loop. Prints the daemon's RSS, open fds, pty masters and
 * descendant processes at intervals, and exits 1 if any of them keeps
 * growing over the second half of the run (least-squares slope and net
 * growth both over a bound), so a leak fails it and GC noise does not.
 *
 *   --minutes N     length of the run (default 2)
 *   --interval S    seconds between samples (default: 20 samples per run, at least 2 s)
 *   --loops L       which loops run, comma-separated: ssh,qubes (default both; to find which one leaks)
 *
 * Panes opening and closing join the loops once panes are in the daemon.
 */
import { readFileSync } from 'node:fs';
import type ssh2 from 'ssh2';
import { BenchHost, benchQubeName } from '../test/bench/bench-host.js';
import { openConsole } from '../test/bench/bench-console.js';
import { enableSsh, openSshConsole } from '../test/bench/bench-memory.js';
import { descendants, openFds, ptyMasters, rssMiB } from '../test/bench/proc-stats.js';
import { growing, type Sample } from '../test/bench/growth.js';
import { numberOption as option } from '../test/bench/number-option.js';
import type { PtyScreen } from '../test/bench/pty-screen.js';

/** Bound on any loop's iterations, whatever the clock says. */
const MAX_ITERATIONS = 100_000;
const SOAK_QUBES = 6;

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

async function main(): Promise<void> {
  const minutes = option('--minutes', 2);
  const intervalS = option('--interval', Math.max(2, (minutes * 60) / 20));
  const host = await BenchHost.create(SOAK_QUBES);
  const clients: PtyScreen[] = [];
  const samples: Sample[] = [];
  let failures: string[];
  try {
    const daemon = await host.startDaemon();
    for (let i = 0; i < 3; i++) clients.push(await openConsole(host));
    const access = await enableSsh(host);
    const key = readFileSync(access.keyPath);
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
    const sampleLoop = loop(deadline, async () => {
      const s: Sample = {
        minute: (Date.now() - started) / 60_000,
        rssMiB: rssMiB(daemon),
        fds: openFds(daemon),
        ptys: ptyMasters(daemon),
        children: descendants(daemon).length,
      };
      samples.push(s);
      console.log(`${s.minute.toFixed(2)} min  rss ${s.rssMiB.toFixed(1)} MiB  fds ${s.fds}  ptys ${s.ptys}  children ${s.children}`);
      await new Promise((r) => setTimeout(r, intervalS * 1000));
    });
    // allSettled: on a failure every loop is let finish its step before the teardown.
    const settled = await Promise.allSettled([sshLoop, qubeLoop, sampleLoop]);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    const [sshRounds, qubeRounds] = settled.map((s) => (s.status === 'fulfilled' ? s.value : 0));
    console.log(`${sshRounds} SSH sessions in and out, ${qubeRounds} qube start/kill rounds, 3 clients attached throughout`);
    failures = growing(samples);
  } finally {
    for (const c of clients) c.kill();
    await host.teardown();
  }
  if (samples.length < 8) console.log('too few samples to judge growth; run longer or with a shorter --interval');
  for (const f of failures) console.log(`GROWING: ${f}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
