import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { plainKey } from '../../../tui/keymap.js';
import { lineEdit } from '../../../tui/line-editor.js';

const key = (k: Partial<Key> = {}): Key => ({ ...plainKey(''), ...k });

describe('lineEdit', () => {
  it('takes typed-ahead text in order, backspaces included', () => {
    expect(lineEdit('wo', 'rkx\u007f', key())).toEqual({ kind: 'text', text: 'work' });
  });

  it('ends the line at an Enter inside pasted text, handing on what follows', () => {
    expect(lineEdit('', 'work\r', key())).toEqual({ kind: 'submit', text: 'work', rest: '' });
    expect(lineEdit('per', 'sonal\njk', key())).toEqual({ kind: 'submit', text: 'personal', rest: 'jk' });
  });

  it('submits the line as it is on Enter alone', () => {
    expect(lineEdit('vault', '\r', key({ return: true }))).toEqual({ kind: 'submit', text: 'vault', rest: '' });
  });

  it('drops other control characters', () => {
    expect(lineEdit('', 'a\u001b[31mb', key())).toEqual({ kind: 'text', text: 'a[31mb' });
  });
});
