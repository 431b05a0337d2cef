/**
 * `npm run bench`: every benchmark of issue 7 that can run today, each with
 * the anchor measured in the same run on the same machine, printed and
 * written as JSON (bench/results.json, or --out PATH). Figures, not tests:
 * nothing here fails because the machine is slow.
 *
 *   --runs N          samples per key/bytes benchmark (default 15; qtui ls takes N/2)
 *   --idle-seconds S  idle-CPU window (default 20; the figure is 60)
 *   --sessions N      SSH sessions for the per-session memory (default 5)
 *   --qubes N --running M  registry and host size (default 1000 and 100)
 *   --flood-mib N     pane throughput: MiB printed per run (default 64)
 *   --floods N        pane throughput: runs per pane (default 1)
 *   --echoes N        echo latency and bytes: keystrokes per pane (default 60)
 *   --fuzz [--cases N]  instead: every fuzz target at N cases (default 100000)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BenchHost, benchQubeName } from './bench-host.js';
import { benchIdle, benchKeys, benchPromptBytes, openConsole } from './bench-console.js';
import { benchLs } from './bench-ls.js';
import { benchMemory, enableSsh } from './bench-memory.js';
import { backToTable, measurePane, openPane, paneResults, shellReady, writeFloodFile } from './bench-panes.js';
import { REPO_ROOT } from './repo-root.js';
import type { BenchResult, Figure } from './stats.js';
import { TmuxAnchor } from './tmux-anchor.js';
import { numberOption as option } from './number-option.js';

function show(f: Figure): string {
  const n = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  const range = f.stats.runs > 1 ? ` [${n(f.stats.min)}..${n(f.stats.max)}, n=${f.stats.runs}]` : '';
  return `${n(f.stats.median)} ${f.unit}${range}`;
}

function print(r: BenchResult): void {
  console.log(`\n${r.name}   (target: ${r.target})`);
  console.log(`  ours:   ${show(r.ours)}   ${r.ours.label}`);
  if (r.anchor) console.log(`  anchor: ${show(r.anchor)}   ${r.anchor.label}`);
  if (r.ratio !== null) console.log(`  ratio:  ${r.ratio.toFixed(2)}x`);
  for (const note of r.notes) console.log(`  - ${note}`);
}

async function runBenchmarks(): Promise<void> {
  const runs = option('--runs', 15);
  const idleSeconds = option('--idle-seconds', 20);
  const sessions = option('--sessions', 5);
  const wantedQubes = option('--qubes', 1000);
  const wantedRunning = option('--running', 100);
  const floodMib = option('--flood-mib', 64);
  const floods = option('--floods', 1);
  const echoes = option('--echoes', 60);
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 && process.argv[outIndex + 1] ? resolve(process.argv[outIndex + 1] as string) : join(REPO_ROOT, 'bench', 'results.json');

  const results: BenchResult[] = [];
  const host = await BenchHost.create(wantedQubes);
  const tmux = new TmuxAnchor();
  try {
    const qubes = host.benchQubes;
    const running = Math.min(wantedRunning, qubes);
    console.log(`setting up: ${qubes} bench qubes in the registry, starting ${running} on the simulated host…`);
    await host.startDomains(Array.from({ length: running }, (_, i) => benchQubeName(i + 1)));
    await host.startDaemon();

    const record = (rs: BenchResult[]): void => {
      for (const r of rs) {
        print(r);
        results.push(r);
      }
    };
    record([await benchLs(host, qubes, running, Math.max(3, Math.round(runs / 2)))]);
    const console_ = await openConsole(host);
    const tmuxClient = await tmux.attach();
    record(await benchKeys(console_, qubes, running, runs));
    record([await benchPromptBytes(console_, tmuxClient, tmux.version(), runs)]);
    record([await benchIdle(host, console_, tmux, tmuxClient, running, idleSeconds)]);
    record(await benchMemory(host, console_, await enableSsh(host), tmux, running, sessions));

    console.log(`\npanes: writing ${floodMib} MiB of coloured text, then printing it in tmux, a qube's console pane and a dom0 shell pane…`);
    const flood = join(host.dir, 'flood.txt');
    writeFloodFile(flood, floodMib);
    const tmuxShell = await tmux.attachShell();
    await shellReady(tmuxShell, 'the tmux shell');
    const tmuxPane = await measurePane(tmuxShell, flood, floods, echoes);
    await openPane(console_, benchQubeName(1), `${benchQubeName(1)}: console`);
    const qubePane = await measurePane(console_, flood, floods, echoes);
    await backToTable(console_);
    await openPane(console_, 'dom0', 'dom0 shell');
    const dom0Pane = await measurePane(console_, flood, floods, echoes);
    const size = `${tmux.cols}x${tmux.rows}`;
    record(paneResults('a dom0 shell pane', dom0Pane, tmuxPane, tmux.version(), floodMib, size));
    record(paneResults("a simulated qube's console pane", qubePane, tmuxPane, tmux.version(), floodMib, size));
    console_.kill();
  } finally {
    tmux.close();
    await host.teardown();
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ when: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
  console.log(`\nwritten to ${out}`);
}

async function runFuzz(): Promise<void> {
  const cases = option('--cases', 100_000);
  // xen-samples.ts finds the samples relative to its own file, which is one folder deeper once compiled into dist-bench/.
  process.env.QTUI_XEN_SAMPLES ??= resolve(REPO_ROOT, '..', 'shared', 'xen-samples');
  const { fuzzTargets } = await import('../fuzz/fuzz-targets.js');
  const workDir = mkdtempSync(join(tmpdir(), 'qtui-fuzz-'));
  let failed = 0;
  try {
    for (const t of fuzzTargets(workDir)) {
      const started = performance.now();
      try {
        t.run(cases);
        console.log(`ok    ${t.name}: ${cases} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        failed++;
        console.log(`FAIL  ${t.name}: ${(e as Error).message}`);
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  if (failed > 0) process.exitCode = 1;
}

await (process.argv.includes('--fuzz') ? runFuzz() : runBenchmarks());
