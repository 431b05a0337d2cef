/**
 * What a key does in a one-line editor (the `/` filter and the `:` prompt).
 * Pure, so the app can apply it to state it holds in refs.
 */
import type { Key } from 'ink';

export type LineEdit =
  | { kind: 'text'; text: string }
  /** `text`: the line as submitted; `rest`: keys that came after Enter in the same read, for whatever comes next. */
  | { kind: 'submit'; text: string; rest: string }
  | { kind: 'cancel' }
  | { kind: 'complete' }
  | { kind: 'history'; direction: -1 | 1 };

export function lineEdit(text: string, input: string, key: Key): LineEdit | undefined {
  if (key.return) return { kind: 'submit', text, rest: '' };
  if (key.escape) return { kind: 'cancel' };
  if (key.tab) return { kind: 'complete' };
  if (key.upArrow) return { kind: 'history', direction: -1 };
  if (key.downArrow) return { kind: 'history', direction: 1 };
  if (key.backspace || key.delete) return { kind: 'text', text: text.slice(0, -1) };
  if (key.ctrl && input === 'u') return { kind: 'text', text: '' };
  if (key.ctrl || key.meta) return undefined;
  // Keys typed ahead (or pasted) arrive as one string: take them in order,
  // and an Enter among them ends the line there ("work\r" filters and closes).
  let next = text;
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === '\r' || ch === '\n') return { kind: 'submit', text: next, rest: chars.slice(i + 1).join('') };
    if (ch === '\u007f' || ch === '\b') next = next.slice(0, -1);
    else if (!/[\u0000-\u001f]/.test(ch)) next += ch;
  }
  return next === text ? undefined : { kind: 'text', text: next };
}
