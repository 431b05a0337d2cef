import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaneTerminal } from '../../../services/terminals/pane-terminal.js';
import { sessionMembers } from '../../../services/terminals/session-kill.js';
import { encodeKey } from '../../../services/terminals/key-encoder.js';
import { processAlive } from '../../../xen-bridge/process-group.js';

const open: PaneTerminal[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'qtui-pane-'));
  dirs.push(d);
  return d;
}

/** A pane running `bash -c SCRIPT`. */
function bash(script: string, size = { cols: 80, rows: 24 }): PaneTerminal {
  const t = PaneTerminal.forShell({ file: '/bin/bash', args: ['--norc', '--noprofile', '-c', script], cwd: tempDir(), ...size });
  open.push(t);
  return t;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const screenHas = (t: PaneTerminal, text: string): boolean => t.text().some((l) => l.includes(text));

describe('PaneTerminal', () => {
  it('answers a cursor position report (DSR 6) and device attributes (DA1)', async () => {
    const t = bash(`printf 'ab\\033[6n'; read -rs -d R pos; echo "got\${pos#*[}"; printf '\\033[c'; read -rs -d c da; echo "da=\${da#*[}"; sleep 30`);
    await waitFor('the answers', () => screenHas(t, 'da='));
    expect(t.text()[0]).toBe('abgot1;3');
    expect(t.text()[1]).toMatch(/^da=\?1;2$/);
  });

  it('swallows title and clipboard sequences: nothing of them in the model, no reply to a clipboard read', async () => {
    const t = bash(
      `printf '\\033]52;c;c2VjcmV0\\a\\033]0;EVILTITLE\\a\\033]2;T2\\033\\\\\\033]1;ICON\\a\\033]52;c;?\\a'; printf '\\033[6n'; read -rs -d R pos; printf 'reply=%q\\n' "$pos"; sleep 30`,
    );
    await waitFor('the reply', () => screenHas(t, 'reply='));
    // Had the clipboard read been answered, its reply would come before the cursor report.
    expect(t.text()[0]).toBe("reply=$'\\E[1;1'");
    const cells = t.snapshot().lines.flat().map((c) => c.chars).join('');
    expect(cells).not.toMatch(/EVIL|c2Vj|T2|ICON|\x1b/);
    expect(t.swallowed).toEqual({ title: 3, clipboard: 2 });
  });

  it('keeps the modes a program asks for: vim sets application cursor keys and the alternate screen', async () => {
    const dir = tempDir();
    const t = PaneTerminal.forShell({ file: 'vim', args: ['-u', 'NONE', '-N', '-i', 'NONE', '-n', join(dir, 'note.txt')], cwd: dir, cols: 80, rows: 24, env: { ...process.env, HOME: dir } });
    open.push(t);
    expect(t.modes.applicationCursorKeys).toBe(false);
    await waitFor('vim to take the screen', () => t.modes.applicationCursorKeys && t.snapshot().alternateScreen);
    t.write('ione\rtwo');
    await waitFor('insert mode', () => screenHas(t, '-- INSERT --'));
    t.write(encodeKey({ key: 'escape' }, t.modes));
    await waitFor('normal mode', () => !screenHas(t, '-- INSERT --'));
    // Up in application mode (ESC O A), then delete the character there.
    t.write(encodeKey({ key: 'up' }, t.modes));
    t.write('x:wq\r');
    const exit = await new Promise((resolve) => t.onExit(resolve));
    expect(exit).toMatchObject({ exitCode: 0 });
    expect(readFileSync(join(dir, 'note.txt'), 'utf8')).toBe('on\ntwo\n');
    await t.drain();
    expect(t.snapshot().alternateScreen).toBe(false);
    expect(t.modes.applicationCursorKeys).toBe(false);
  });

  it('less runs in a pane: pages to the end and quits cleanly', async () => {
    const dir = tempDir();
    const t = bash(`seq 1 500 > ${join(dir, 'n.txt')}; less ${join(dir, 'n.txt')}; echo less-exit=$?; sleep 30`);
    await waitFor('less to show the file', () => screenHas(t, '23'));
    t.write('G');
    await waitFor('the end of the file', () => screenHas(t, '500'));
    t.write(encodeKey({ key: 'pageup' }, t.modes));
    await waitFor('a page up', () => !screenHas(t, '500'));
    t.write('q');
    await waitFor('less to quit', () => screenHas(t, 'less-exit=0'));
    expect(t.snapshot().alternateScreen).toBe(false);
  });

  it('resize reaches the program', async () => {
    const t = bash(`trap 'stty size' WINCH; stty size; while :; do sleep 0.05; done`);
    await waitFor('the first size', () => screenHas(t, '24 80'));
    t.resize(100, 30);
    expect([t.cols, t.rows]).toEqual([100, 30]);
    await waitFor('the new size', () => screenHas(t, '30 100'));
  });

  it('parses every byte of a large output, with coalesced change notifications', async () => {
    const t = bash('seq 1 200000; echo LAST-LINE; sleep 30');
    let changes = 0;
    t.onChange(() => changes++);
    await waitFor('the last line', () => screenHas(t, 'LAST-LINE'), 20_000);
    const lines = t
      .copyLines()
      .lines.map((l) => l.cells.join('').trimEnd())
      .filter((l) => l !== '');
    expect(lines.at(-1)).toBe('LAST-LINE');
    // The kept history is a run of consecutive numbers ending at 200000.
    const numbers = lines.slice(0, -1).map(Number);
    expect(numbers.at(-1)).toBe(200000);
    expect(numbers.every((n, i) => i === 0 || n === (numbers[i - 1] as number) + 1)).toBe(true);
    expect(numbers.length).toBeGreaterThan(4000);
    await waitFor('a change notification', () => changes > 0);
    expect(changes).toBeLessThan(1000);
  });

  it('reads cells with colours, attributes and wide characters', async () => {
    const t = bash(`printf '\\033[1;31mR\\033[0m\\033[48;5;200mB\\033[0m\\033[38;2;1;2;3mT\\033[0m界x'; sleep 30`);
    await waitFor('the text', () => screenHas(t, 'x'));
    const row = t.cells(0);
    expect(row.slice(0, 6).map((c) => [c.chars, c.width])).toEqual([
      ['R', 1],
      ['B', 1],
      ['T', 1],
      ['界', 2],
      ['', 0],
      ['x', 1],
    ]);
    expect(row[0]).toMatchObject({ fg: 1, sgr: '\x1b[0;1;31m' });
    expect(row[1]).toMatchObject({ bg: 200, sgr: '\x1b[0;48;5;200m' });
    expect(row[2]?.sgr).toBe('\x1b[0;38;2;1;2;3m');
    expect(row[5]?.sgr).toBe('\x1b[0m');
  });

  it('close ends the shell and its background jobs, which live in process groups of their own', async () => {
    const dir = tempDir();
    const t = PaneTerminal.forShell({ file: '/bin/bash', args: ['--norc', '--noprofile', '-i'], cwd: dir, cols: 80, rows: 24 });
    open.push(t);
    let exited = false;
    t.onExit(() => (exited = true));
    t.write(`sleep 1000 & echo $! > ${join(dir, 'a')}; (trap '' HUP; sleep 1001) & echo $! > ${join(dir, 'b')}; echo STARTED\r`);
    await waitFor('the jobs', () => screenHas(t, 'STARTED') && t.text().filter((l) => l.includes('STARTED')).length >= 2);
    const jobs = ['a', 'b'].map((f) => Number(readFileSync(join(dir, f), 'utf8')));
    expect(sessionMembers(t.pid)).toEqual(expect.arrayContaining(jobs));
    await t.close();
    expect(sessionMembers(t.pid)).toEqual([]);
    for (const pid of jobs) expect(processAlive(pid)).toBe(false);
    expect(exited).toBe(true);
    expect(t.exit).not.toBeNull();
    // The model stays readable after the program is gone, and input is dropped.
    expect(screenHas(t, 'STARTED')).toBe(true);
    t.write('echo more\r');
  });
});
