/**
 * Panes against tmux, each side driven through a real client pty at the
 * same size: throughput (a large file of coloured text printed in the pane,
 * timed until the client shows the line printed after it), echo latency
 * (keystrokes into `cat`, until the client shows each one) and bytes per
 * echoed character. Ours run in a dom0 shell pane and in a simulated qube's
 * console pane; tmux's in a shell pane of its own session.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { PtyScreen } from './pty-screen.js';
import { result, summarize, type BenchResult } from './stats.js';

const PREFIX = '\x01';

/** Printed by the shell once the flood is through; typed as $((1+1)), so the command line itself never matches. */
const DONE = 'flood-2-done';
const DONE_COMMAND = 'echo flood-$((1+1))-done';

/**
 * `mib` MiB of text as programs print it: lines of varying length (some
 * wider than the pane, so they wrap), words in the 16 colours, bold and
 * 256-colour runs, resets.
 */
export function writeFloodFile(path: string, mib: number): void {
  const words = ['qube', 'xen', 'domain', 'vchan', 'policy', 'dom0', 'sys-net', 'firewall', 'template', 'console', '0x7ff0', 'ok', 'FAIL', '[  1.234567]'];
  let chunk = '';
  for (let line = 0; chunk.length < 1 << 20; line++) {
    const parts: string[] = [];
    const n = 3 + ((line * 7) % 40);
    for (let i = 0; i < n; i++) {
      const w = words[(line + i * 3) % words.length] ?? '';
      const k = (line + i) % 6;
      parts.push(k === 0 ? `\x1b[3${i % 8}m${w}\x1b[39m` : k === 1 ? `\x1b[1;9${i % 8}m${w}\x1b[0m` : k === 2 ? `\x1b[38;5;${(line + i) % 256}m${w}\x1b[0m` : w);
    }
    chunk += `${parts.join(' ')}\n`;
  }
  const buf = Buffer.from(chunk);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < mib << 20; written += buf.length) writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

/** A pane's program is a shell at its prompt: one that answers a typed command line. */
export async function shellReady(s: PtyScreen, what: string): Promise<void> {
  s.proc.write('echo ready-$((2*3))\r');
  await s.waitFor((t) => t.includes('ready-6'), 30_000, `${what} to answer`);
  await s.quiet(300);
}

/** Opens the qube's pane from the table (a console pane for a qube, a dom0 shell for dom0), in a workspace of its own. */
export async function openPane(s: PtyScreen, qube: string, title: string): Promise<void> {
  s.proc.write(`:filter ${qube}\r`);
  await s.waitFor((t) => t.includes(`filter "${qube}"`), 10_000, `the filter ${qube}`);
  await s.quiet(200);
  s.proc.write('\r');
  await s.waitFor((t) => t.includes(title), 60_000, `the pane "${title}"`);
  await s.quiet(500);
  await shellReady(s, title);
}

/** From the panes back to the qube table, the filter cleared. */
export async function backToTable(s: PtyScreen): Promise<void> {
  s.proc.write(`${PREFIX}q`);
  await s.waitFor((t) => t.includes(' Qubes '), 10_000, 'the qube table');
  s.proc.write(':filter \r');
  await s.quiet(300);
}

/** Milliseconds from the Enter that runs `cat FILE` until the client shows the line printed after it. */
async function floodOnce(s: PtyScreen, file: string): Promise<number> {
  s.proc.write('clear\r');
  await s.quiet(300);
  return s.keyToFrame(`cat ${file}; ${DONE_COMMAND}\r`, (t) => t.includes(DONE), `${DONE} after the flood`, 600_000);
}

export interface EchoFigures {
  latencyMs: number[];
  bytes: number[];
}

let echoRun = 0;

/** Keystrokes into `cat` in the pane's shell: the time until each shows, and the bytes each costs. */
async function echoes(s: PtyScreen, runs: number): Promise<EchoFigures> {
  s.proc.write('clear; cat\r');
  await s.quiet(400);
  // Echoes are found by the whole line typed so far, after a start no screen shows by chance, nor an earlier run's line.
  let typed = `Q${String.fromCharCode(65 + (echoRun++ % 26))}Z`;
  s.proc.write(typed);
  await s.waitFor((t) => t.includes(typed), 10_000, 'cat to echo');
  const latencyMs: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = 'abcdefghijklmnopqrstuvwxyz'[i % 26] as string;
    typed += c;
    const line = typed;
    latencyMs.push(await s.keyToFrame(c, (t) => t.includes(line), `the echo of ${c}`));
    await s.quiet(150);
  }
  for (let i = 0; i < runs; i++) bytes.push(await s.bytesFor('xyz'[i % 3] as string, 200));
  s.proc.write('\x03');
  await s.quiet(300);
  return { latencyMs, bytes };
}

export interface PaneFigures {
  floodMs: number[];
  echo: EchoFigures;
}

/** Floods, then echoes, in the pane `s` shows with a shell at its prompt. */
export async function measurePane(s: PtyScreen, file: string, floods: number, echoRuns: number): Promise<PaneFigures> {
  const floodMs: number[] = [];
  for (let i = 0; i < floods; i++) floodMs.push(await floodOnce(s, file));
  await s.quiet(500);
  return { floodMs, echo: await echoes(s, echoRuns) };
}

/** The benchmark results of one of our panes against tmux's. */
export function paneResults(where: string, ours: PaneFigures, tmux: PaneFigures, tmuxLabel: string, mib: number, size: string): BenchResult[] {
  const mibPerS = (ms: number[]): number[] => ms.map((m) => mib / (m / 1000));
  return [
    result(
      `pane throughput: ${mib} MiB of coloured text, ${where}`,
      { label: `qtui, ${where}, client ${size}`, unit: 'MiB/s', stats: summarize(mibPerS(ours.floodMs)) },
      { label: `${tmuxLabel}, shell pane, client ${size}`, unit: 'MiB/s', stats: summarize(mibPerS(tmux.floodMs)) },
      'at least as fast as tmux (ratio >= 1)',
      ['Timed from the Enter that runs cat until the client shows the line printed after it. Higher is better.', "Our pane is a little smaller than tmux's (its frame and the tab line)."],
    ),
    result(
      `echo latency, median, ${where}`,
      { label: `qtui, cat in ${where}`, unit: 'ms', stats: summarize(ours.echo.latencyMs) },
      { label: `${tmuxLabel}, cat in a shell pane`, unit: 'ms', stats: summarize(tmux.echo.latencyMs) },
      'no slower than tmux',
      ['From the write into the client pty to the arrival of the output that shows the echo (the bench emulator parsing it left out, on both sides); min/max in brackets.'],
    ),
    result(
      `echo latency, p99, ${where}`,
      { label: `qtui, cat in ${where}`, unit: 'ms', stats: summarize([summarize(ours.echo.latencyMs).p99]) },
      { label: `${tmuxLabel}, cat in a shell pane`, unit: 'ms', stats: summarize([summarize(tmux.echo.latencyMs).p99]) },
      'no slower than tmux',
      [`The 99th percentile of ${ours.echo.latencyMs.length} keystrokes.`],
    ),
    result(
      `bytes to the client per echoed character, ${where}`,
      { label: `qtui, cat in ${where}`, unit: 'bytes', stats: summarize(ours.echo.bytes) },
      { label: `${tmuxLabel}, cat in a shell pane`, unit: 'bytes', stats: summarize(tmux.echo.bytes) },
      'within 2x of tmux',
      ['Counted until the client has been quiet for 200 ms.'],
    ),
  ];
}
