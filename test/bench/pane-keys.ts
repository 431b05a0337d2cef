/**
 * Panes driven from a console client through its pty, as a user types them:
 * a dom0 shell split off the focused pane or in a workspace of its own, a
 * line typed into the focused pane and its answer awaited, the focused pane
 * closed (prefix x, confirmed). The soak opens and closes panes with these
 * in a loop; the memory stage opens its 10 panes and closes them again.
 */
import type { PtyScreen } from './pty-screen.js';

const PREFIX = '\x01';
const CLOSE_QUESTION = 'Close this pane?';
const TABLE_TITLE = ' Qubes ';

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

/** dom0 shell panes on screen, by their frame titles. */
export function dom0Panes(text: string): number {
  return count(text, /dom0 shell/g);
}

/**
 * Types a command into the focused pane whose answer no earlier line shows:
 * `n` is the caller's counter, and the answer is computed by the shell, so
 * the typed line itself never matches.
 */
export async function typeAndSee(s: PtyScreen, n: number, what: string): Promise<void> {
  s.proc.write(`echo typed-$((${n}+1))-here\r`);
  await s.waitFor((t) => t.includes(`typed-${n + 1}-here`), 30_000, `${what} to answer`);
}

/** A new dom0 shell split off the focused pane (`|` at its right, `-` below it). */
export async function splitShell(s: PtyScreen, key: '|' | '-'): Promise<void> {
  const before = dom0Panes(s.text());
  s.proc.write(`${PREFIX}${key}`);
  await s.waitFor((t) => dom0Panes(t) > before, 30_000, 'a new dom0 shell pane');
}

/** A new workspace holding one dom0 shell. */
export async function shellWorkspace(s: PtyScreen): Promise<void> {
  s.proc.write(`${PREFIX}c`);
  await s.waitFor((t) => /\b\d+:dom0\*/.test(t) && dom0Panes(t) === 1, 30_000, 'a new workspace with a dom0 shell');
}

/** Closes the focused pane (prefix x, then y); resolves once the question is gone and the screen has settled. */
export async function closeFocused(s: PtyScreen): Promise<void> {
  s.proc.write(`${PREFIX}x`);
  await s.waitFor((t) => t.includes(CLOSE_QUESTION), 10_000, 'the close question');
  s.proc.write('y');
  await s.waitFor((t) => !t.includes(CLOSE_QUESTION), 10_000, 'the pane to close');
  await s.quiet(150);
}

/** Closes every pane of every workspace, one at a time, until the client shows the table (its filter cleared). */
export async function closeAllPanes(s: PtyScreen, atMost: number): Promise<void> {
  for (let i = 0; i < atMost && !s.text().includes(TABLE_TITLE); i++) await closeFocused(s);
  await s.waitFor((t) => t.includes(TABLE_TITLE), 10_000, `the qube table after closing ${atMost} panes`);
  s.proc.write(':filter \r');
  await s.waitFor((t) => !t.includes('filter "'), 10_000, 'the filter to clear');
}
