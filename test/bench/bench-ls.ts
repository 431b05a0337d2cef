/** `qtui ls` as a whole process against the simulated `xl list` of the same host. */
import type { BenchHost } from './bench-host.js';
import { QTUI, run, SIM_XL } from './bench-host.js';
import { result, summarize, type BenchResult } from './stats.js';

async function timed(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const r = await run(file, args, env);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return performance.now() - started;
}

export async function benchLs(host: BenchHost, qubes: number, running: number, runs: number): Promise<BenchResult> {
  const ours: number[] = [];
  const anchor: number[] = [];
  // Warm both (page cache, the daemon's first listing), then alternate so drift hits both alike.
  await timed(QTUI, ['ls'], host.env);
  await timed(SIM_XL, ['list'], host.env);
  for (let i = 0; i < runs; i++) {
    ours.push(await timed(QTUI, ['ls'], host.env));
    anchor.push(await timed(SIM_XL, ['list'], host.env));
  }
  return result(
    'qtui ls, whole process',
    { label: `qtui ls (${qubes} qubes, ${running} running)`, unit: 'ms', stats: summarize(ours) },
    { label: `simulated xl list (${running} running domains)`, unit: 'ms', stats: summarize(anchor) },
    'under 2x',
    ['Both are node processes: most of each figure is node starting up and loading modules.', 'The anchor is the simulated xl (node), not Xen\'s C xl, which answers in ~0.5 s on the lab host (hypercalls, libxl).'],
  );
}
