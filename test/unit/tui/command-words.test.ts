import { describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../../tui/command-words.js';

describe('splitCommandLine', () => {
  it.each([
    ['start work', ['start', 'work']],
    ['  start   work  personal ', ['start', 'work', 'personal']],
    [`prefs work label "dark red"`, ['prefs', 'work', 'label', 'dark red']],
    [`a 'x "y" z'`, ['a', 'x "y" z']],
    [`a "say \\"hi\\" \\\\ \\n"`, ['a', 'say "hi" \\ \\n']],
    [`a b\\ c`, ['a', 'b c']],
    [`a ''`, ['a', '']],
    [`a 'it''s'`, ['a', 'its']],
    ['a $HOME `x` *', ['a', '$HOME', '`x`', '*']],
    ['', []],
  ])('%s', (line, words) => {
    expect(splitCommandLine(line)).toEqual({ ok: true, words });
  });

  it('refuses an unclosed quote or a trailing backslash', () => {
    expect(splitCommandLine(`a "b`)).toEqual({ ok: false, error: 'unclosed " quote' });
    expect(splitCommandLine(`a 'b`)).toEqual({ ok: false, error: "unclosed ' quote" });
    expect(splitCommandLine('a \\')).toEqual({ ok: false, error: 'trailing backslash' });
  });
});
