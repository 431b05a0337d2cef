/**
 * The console driven in a real pty, as a user's terminal would: time from a
 * key to the frame that shows its effect, bytes sent for one character in
 * the `:` prompt (against tmux echoing one character in a `cat` pane; the
 * panes' own echo is in bench-panes.ts), and
 * CPU while idle with the table on screen (against tmux idle at the same
 * time).
 */
import { QTUI, type BenchHost } from './bench-host.js';
import { cpuSeconds } from './proc-stats.js';
import { PtyScreen } from './pty-screen.js';
import { result, summarize, type BenchResult } from './stats.js';
import type { TmuxAnchor } from './tmux-anchor.js';

const COLS = 200;
const ROWS = 50;
const CURSOR = '▶';
const BENCH_ROW = /\bvm-\d{4}\b/g;

export async function openConsole(host: BenchHost): Promise<PtyScreen> {
  const s = new PtyScreen(QTUI, [], host.env, COLS, ROWS);
  await s.waitFor((t) => t.includes('vm-0001') && t.includes(CURSOR), 60_000, 'the qube table');
  await s.quiet(500);
  return s;
}

function cursorRow(text: string): string {
  return text.split('\n').find((l) => l.trimStart().startsWith(CURSOR)) ?? '';
}

function sortShown(text: string): string {
  return /sort \S+ \S/.exec(text)?.[0] ?? '';
}

/** Every bench row on screen holds `c`, and there is at least one. */
function onlyRowsWith(c: string): (text: string) => boolean {
  return (text) => {
    const names = text.match(BENCH_ROW) ?? [];
    return names.length > 0 && names.every((n) => n.includes(c));
  };
}

async function clearFilter(s: PtyScreen): Promise<void> {
  for (let i = 0; i < 3 && onlyRowsWith('7')(s.text()); i++) {
    s.proc.write('\x1b');
    await s.quiet(150);
  }
  await s.waitFor((t) => !onlyRowsWith('7')(t), 5000, 'the filter to clear');
}

export async function benchKeys(s: PtyScreen, qubes: number, running: number, runs: number): Promise<BenchResult[]> {
  const where = `${qubes} qubes, ${running} running, ${COLS}x${ROWS}`;
  const move: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = cursorRow(s.text());
    move.push(await s.keyToFrame('j', (t) => cursorRow(t) !== '' && cursorRow(t) !== before, 'the cursor to move'));
    await s.quiet(100);
  }
  const sort: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = sortShown(s.text());
    sort.push(await s.keyToFrame('o', (t) => sortShown(t) !== '' && sortShown(t) !== before, 'the sort to change'));
    await s.quiet(100);
  }
  const filter: number[] = [];
  for (let i = 0; i < runs; i++) {
    s.proc.write('/');
    await s.quiet(150);
    filter.push(await s.keyToFrame('7', onlyRowsWith('7'), 'the filter to apply'));
    await clearFilter(s);
  }
  const notes = ['From the write into the client pty to the arrival of the output that shows the change (a real client, the daemon rendering, the socket, the pty); the bench emulator parsing it is left out.'];
  const target = 'median under 16 ms';
  return [
    result('key to frame: move (j)', { label: where, unit: 'ms', stats: summarize(move) }, null, target, notes),
    result('key to frame: sort (o)', { label: where, unit: 'ms', stats: summarize(sort) }, null, target, notes),
    result('key to frame: filter (/ then 7)', { label: where, unit: 'ms', stats: summarize(filter) }, null, target, notes),
  ];
}

export async function benchPromptBytes(s: PtyScreen, tmuxClient: PtyScreen, tmuxVersion: string, runs: number): Promise<BenchResult> {
  s.proc.write(':');
  await s.quiet(200);
  const ours: number[] = [];
  const anchor: number[] = [];
  // None of these is a table key, so should the prompt have closed, no keystroke starts, kills or detaches anything.
  const letters = 'bcefhilmnuvxyz';
  for (let i = 0; i < runs; i++) {
    ours.push(await s.bytesFor(letters[i % letters.length] as string));
    anchor.push(await tmuxClient.bytesFor(letters[i % letters.length] as string));
  }
  s.proc.write('\x15\x1b');
  await s.quiet(300);
  return result(
    'bytes to the client per typed character in the : prompt',
    { label: 'qtui, one character in the : prompt (the real cursor follows it)', unit: 'bytes', stats: summarize(ours) },
    { label: `${tmuxVersion}, one character echoed by cat in a pane`, unit: 'bytes', stats: summarize(anchor) },
    'within 2x of tmux',
    ['Counted until the client has been quiet for 300 ms, so an unrelated refresh in that window (live stats, the clock) counts too.'],
  );
}

export async function benchIdle(host: BenchHost, s: PtyScreen, tmux: TmuxAnchor, tmuxClient: PtyScreen, running: number, seconds: number): Promise<BenchResult> {
  const daemon = host.daemonPid();
  const tmuxServer = tmux.serverPid();
  await s.quiet(500);
  const pids = { ours: [daemon, s.pid], anchor: [tmuxServer, tmuxClient.pid] };
  const cpu = (ps: number[]): number => ps.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const before = { ours: cpu(pids.ours), anchor: cpu(pids.anchor), at: performance.now() };
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const wall = (performance.now() - before.at) / 1000;
  const ours = ((cpu(pids.ours) - before.ours) / wall) * 100;
  const anchor = ((cpu(pids.anchor) - before.anchor) / wall) * 100;
  return result(
    'idle CPU, daemon + client',
    { label: `qtui daemon + client, table on screen, ${running} running`, unit: '% of a core', stats: summarize([ours]) },
    { label: `${tmux.version()} server + client, cat pane, same ${seconds} s`, unit: '% of a core', stats: summarize([anchor]) },
    'under 1% of one core',
    [`One window of ${seconds} s (--idle-seconds 60 for the issue's 60 s); /proc ticks are 10 ms, so the resolution is ${(1 / seconds).toFixed(3)}% of a core.`, 'The simulated domains\' own supervisors are not counted (they stand in for Xen).'],
  );
}
