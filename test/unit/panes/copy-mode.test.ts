/** Copy mode's state machine: movement, scrolling, search, and the text a selection copies. */
import { describe, expect, it } from 'vitest';
import { CopyMode, type CopyLine } from '../../../services/terminals/copy-mode.js';

const COLS = 10;

/** A line of text padded to the width; `wrapped` marks a continuation of the line above. */
function line(text: string, wrapped = false): CopyLine {
  const cells: string[] = [];
  for (const ch of text) {
    cells.push(ch);
    // The test's only wide character takes two cells, as xterm stores it.
    if (ch === '界') cells.push('');
  }
  while (cells.length < COLS) cells.push(' ');
  return { cells, wrapped };
}

/** 30 numbered lines, a 5-row view, the cursor at the bottom left. */
function numbered(): CopyMode {
  const lines = Array.from({ length: 30 }, (_, i) => line(`line ${i}`));
  return new CopyMode(lines, 5, COLS, { line: 29, col: 0 });
}

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const PGUP = '\x1b[5~';
const PGDN = '\x1b[6~';

describe('copy mode: movement', () => {
  it('starts on the last page with the program cursor, indicator at 0 of the history', () => {
    const m = numbered();
    expect(m.top).toBe(25);
    expect(m.cursor).toEqual({ line: 29, col: 0 });
    expect(m.position).toBe('[0/25]');
  });

  it('moves with hjkl and arrows, clamped to the lines and columns', () => {
    const m = numbered();
    m.input('kkk');
    expect(m.cursor.line).toBe(26);
    m.input(`${UP}${UP}`);
    expect(m.cursor.line).toBe(24);
    // Past the view's top: the view follows.
    expect(m.top).toBe(24);
    expect(m.position).toBe('[1/25]');
    m.input('llll\x1b[Ch');
    expect(m.cursor.col).toBe(4);
    m.input('l'.repeat(20));
    expect(m.cursor.col).toBe(COLS - 1);
    m.input(`j${DOWN}`.repeat(10));
    expect(m.cursor.line).toBe(29);
    expect(m.top).toBe(25);
  });

  it('pages with PgUp/PgDn and C-b/C-f, jumps with g and G, 0 and $', () => {
    const m = numbered();
    m.input(PGUP);
    expect(m.top).toBe(20);
    expect(m.cursor.line).toBe(24);
    m.input('\x02');
    expect(m.top).toBe(15);
    m.input(PGDN);
    expect(m.top).toBe(20);
    m.input('g');
    expect(m.cursor).toEqual({ line: 0, col: 0 });
    expect(m.top).toBe(0);
    expect(m.position).toBe('[25/25]');
    m.input('$');
    expect(m.cursor.col).toBe('line 0'.length - 1);
    m.input('0');
    expect(m.cursor.col).toBe(0);
    m.input('G');
    expect(m.cursor.line).toBe(29);
    expect(m.position).toBe('[0/25]');
  });

  it('moves by words with w and b, across lines', () => {
    const m = new CopyMode([line('ab cd'), line('  ef')], 2, COLS, { line: 0, col: 0 });
    m.input('w');
    expect(m.cursor).toEqual({ line: 0, col: 3 });
    m.input('w');
    expect(m.cursor).toEqual({ line: 1, col: 2 });
    // No word after the last one: the cursor stays.
    m.input('w');
    expect(m.cursor).toEqual({ line: 1, col: 2 });
    m.input('b');
    expect(m.cursor).toEqual({ line: 0, col: 3 });
    m.input('bb');
    expect(m.cursor).toEqual({ line: 0, col: 0 });
  });

  it('leaves with q or Esc, and with Enter when nothing is selected', () => {
    expect(numbered().input('q')).toEqual({ kind: 'exit' });
    expect(numbered().input('\x1b')).toEqual({ kind: 'exit' });
    expect(numbered().input('\r')).toEqual({ kind: 'exit' });
    expect(numbered().input('kkx')).toEqual({ kind: 'stay' });
  });

  it('keeps the cursor in view when the pane shrinks', () => {
    const m = numbered();
    m.resize(2);
    expect(m.top).toBe(28);
    expect(m.view()).toHaveLength(2);
    expect(m.view()[1]?.cursor).toBe(0);
  });
});

describe('copy mode: search', () => {
  it('/ searches back through history from the bottom, wrapping; n repeats, N goes the other way', () => {
    const m = numbered();
    m.input('/line 1\r');
    // Forward from the last line wraps around to the first match at the top.
    expect(m.cursor).toEqual({ line: 1, col: 0 });
    expect(m.top).toBe(1);
    m.input('n');
    expect(m.cursor.line).toBe(10);
    m.input('n');
    expect(m.cursor.line).toBe(11);
    m.input('N');
    expect(m.cursor.line).toBe(10);
  });

  it('? searches backward, and finds a match in the middle of a line', () => {
    const m = numbered();
    m.input('?e 2\r');
    expect(m.cursor).toEqual({ line: 28, col: 3 });
    m.input('n');
    expect(m.cursor).toEqual({ line: 27, col: 3 });
  });

  it('the prompt takes Backspace and Esc; a missing text says so and stays put', () => {
    const m = numbered();
    m.input('/linX');
    expect(m.prompt).toEqual({ direction: 'forward', text: 'linX' });
    m.input('\x7fe 3\r');
    expect(m.cursor.line).toBe(3);
    m.input('/zzz\r');
    expect(m.cursor.line).toBe(3);
    expect(m.message).toBe('not found: zzz');
    m.input('/abc\x1b');
    expect(m.prompt).toBeNull();
    expect(m.input('q')).toEqual({ kind: 'exit' });
  });

  it('counts columns in cells past a wide character', () => {
    const m = new CopyMode([line('a界bc')], 1, COLS, { line: 0, col: 0 });
    m.input('/bc\r');
    expect(m.cursor.col).toBe(3);
  });
});

describe('copy mode: selection', () => {
  it('Space starts a selection, y copies it: trailing blanks dropped, lines joined by newlines', () => {
    const m = numbered();
    m.input('g');
    m.input(' jjl');
    expect(m.input('y')).toEqual({ kind: 'copy', text: 'line 0\nline 1\nli' });
  });

  it('selects backwards as well as forwards', () => {
    const m = numbered();
    m.input('G$v');
    m.input('k0');
    expect(m.input('\r')).toEqual({ kind: 'copy', text: 'line 28\nline 29' });
  });

  it('joins a line that wrapped without a newline, keeping its last cells', () => {
    const lines = [line('first'), line('0123456789'), line('abc', true), line('last')];
    const m = new CopyMode(lines, 4, COLS, { line: 0, col: 0 });
    m.input('j v j$');
    expect(m.input('y')).toEqual({ kind: 'copy', text: '0123456789abc' });
  });

  it('copies a wide character whole when its left half is the last selected cell', () => {
    const m = new CopyMode([line('a界b')], 1, COLS, { line: 0, col: 0 });
    m.input('vl');
    expect(m.input('y')).toEqual({ kind: 'copy', text: 'a界' });
  });

  it('the view marks the selected cells and the cursor', () => {
    const m = numbered();
    m.input('kk v jll');
    const rows = m.view();
    expect(rows[2]?.selected).toEqual({ from: 0, to: COLS - 1 });
    expect(rows[3]?.selected).toEqual({ from: 0, to: 2 });
    expect(rows[3]?.cursor).toBe(2);
    expect(rows[4]?.selected).toBeNull();
    expect(rows[1]?.selected).toBeNull();
  });
});
