/**
 * Keyboard handling of a one-line editor (the `/` filter and the `:` prompt).
 * The text lives with the caller so it can be replaced (completion, history).
 */
import type { Key } from 'ink';
import { useInput } from 'ink';
import { useRef } from 'react';

export interface LineEditorHandlers {
  text: string;
  onChange(text: string): void;
  onSubmit(text: string): void;
  onCancel(): void;
  onTab?(text: string): void;
  onHistory?(direction: -1 | 1): void;
}

export function editLine(text: string, input: string, key: Key): string | undefined {
  if (key.backspace || key.delete) return text.slice(0, -1);
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.tab || key.return || key.upArrow || key.downArrow) return undefined;
  // Keys typed ahead (or pasted) arrive as one string: take them in order.
  let next = text;
  for (const ch of input) {
    if (ch === '\u007f' || ch === '\b') next = next.slice(0, -1);
    else if (!/[\u0000-\u001f]/.test(ch)) next += ch;
  }
  return next === text ? undefined : next;
}

export function useLineEditor(h: LineEditorHandlers): void {
  // Two keys can arrive before React re-renders; the second must see the first.
  const text = useRef(h.text);
  text.current = h.text;
  useInput((input, key) => {
    if (key.return) h.onSubmit(text.current);
    else if (key.escape) h.onCancel();
    else if (key.tab) h.onTab?.(text.current);
    else if (key.upArrow) h.onHistory?.(-1);
    else if (key.downArrow) h.onHistory?.(1);
    else {
      const next = editLine(text.current, input, key);
      if (next === undefined) return;
      text.current = next;
      h.onChange(next);
    }
  });
}
