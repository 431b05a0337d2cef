/**
 * A line a view's user types into that stays open after Enter until the view
 * closes it: a value the daemon refused stays there for correction, and a
 * name typed to confirm is compared as it is typed.
 */
import type { Key } from 'ink';
import { Text } from 'ink';
import { lineEdit } from '../line-editor.js';
import { fit, printable, tail } from '../printable.js';
import { useRefState } from '../use-ref-state.js';

export interface TypedLine {
  /** null while closed. */
  text: string | null;
  open(initial: string): void;
  close(): void;
  /** Edits the open line (Enter hands its text to `submit`, Esc closes it); true while open, so every key is the line's. */
  key(input: string, key: Key, submit: (text: string) => void): boolean;
}

export function useTypedLine(initial: string | null = null): TypedLine {
  const [text, setText, ref] = useRefState<string | null>(initial);
  return {
    text,
    open: (start) => setText(start),
    close: () => setText(null),
    key(input, key, submit) {
      const current = ref.current;
      if (current === null) return false;
      const edit = lineEdit(current, input, key);
      if (edit?.kind === 'submit') {
        setText(edit.text);
        submit(edit.text);
      } else if (edit?.kind === 'cancel') setText(null);
      else if (edit?.kind === 'text') setText(edit.text);
      return true;
    },
  };
}

/** `label` then what is typed, with a cursor and a dim hint. */
export function TypedLineView({ label, text, hint, width, ellipsis }: { label: string; text: string; hint: string; width: number; ellipsis: string }) {
  const head = ` ${label} `;
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">
        {fit(printable(head), Math.min(head.length, width - 2), ellipsis)}
      </Text>
      {tail(printable(text), Math.max(0, width - head.length - 2))}
      <Text inverse> </Text>
      <Text dimColor>{`  ${hint}`}</Text>
    </Text>
  );
}
