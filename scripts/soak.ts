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
 *
 * Panes opening and closing join the loops once panes are in the daemon.
 */
import { readFileSync } from 'node:fs';
import type ssh2 from 'ssh2';
import { BenchHost, benchQubeName } from '../test/bench/bench-host.js';
import { openConsole } from '../test/bench/bench-console.js';
import { enableSsh, openSshConsole } from '../test/bench/bench-memory.js';
import { descendants, openFds, ptyMasters, rssMiB } from '../test/bench/proc-stats.js';
import type { PtyScreen } from '../test/bench/pty-screen.js';

interface Sample {
  minute: number;
  rssMiB: number;
  fds: number;
  ptys: number;
  children: number;
}

type Metric = Exclude<keyof Sample, 'minute'>;

/** Growth that fails the soak: per minute (slope) and over the second half (net), both must be exceeded. */
const LIMITS: Record<Metric, { perMinute: number; net: number }> = {
  rssMiB: { perMinute: 4, net: 8 },
  fds: { perMinute: 2, net: 4 },
  ptys: { perMinute: 1, net: 2 },
  children: { perMinute: 1, net: 3 },
};

/** Bound on any loop's iterations, whatever the clock says. */
const MAX_ITERATIONS = 100_000;
const SOAK_QUBES = 6;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
  return v;
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The metrics that keep growing over the second half of the samples, each with why. */
export function growing(samples: readonly Sample[]): string[] {
  const half = samples.slice(Math.floor(samples.length / 2));
  if (half.length < 4) return [];
  const out: string[] = [];
  for (const metric of Object.keys(LIMITS) as Metric[]) {
    const ys = half.map((s) => s[metric]);
    const perMinute = slope(
      half.map((s) => s.minute),
      ys,
    );
    const net = (ys[ys.length - 1] as number) - (ys[0] as number);
    const limit = LIMITS[metric];
    if (perMinute > limit.perMinute && net > limit.net) out.push(`${metric} grows ${perMinute.toFixed(2)}/min (+${net.toFixed(1)} over the second half)`);
  }
  return out;
}

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

    const sshLoop = loop(deadline, async () => {
      const c: ssh2.Client = await openSshConsole(access, key, 120, 36);
      const closed = new Promise<void>((r) => c.on('close', () => r()));
      c.end();
      await closed;
    });
    let q = 0;
    const qubeLoop = loop(deadline, async () => {
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
