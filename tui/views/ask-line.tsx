/**
 * A one-line question a view asks before it runs a command (which qube to
 * attach to, a firewall rule, a Wi-Fi passphrase): it takes every key while
 * open, completes from a word list with Tab, and hides a secret as it is typed.
 */
import type { Key } from 'ink';
import { Text } from 'ink';
import { lineEdit } from '../line-editor.js';
import { completeLine } from '../prompt-completion.js';
import { fit, printable, tail } from '../printable.js';
import { useRefState } from '../use-ref-state.js';

export interface AskRequest {
  question: string;
  /** Tab completes the answer from these (qube names). */
  words?: readonly string[];
  secret?: boolean;
  answer(text: string): void;
}

export interface AskLine {
  request: AskRequest | null;
  text: string;
  candidates: readonly string[];
  ask(request: AskRequest): void;
  /** While a question is open every key is its: true. */
  key(input: string, key: Key): boolean;
}

export function useAskLine(): AskLine {
  const [state, setState, ref] = useRefState<{ request: AskRequest | null; text: string; candidates: readonly string[] }>({ request: null, text: '', candidates: [] });
  return {
    ...state,
    ask: (request) => setState({ request, text: '', candidates: [] }),
    key(input, key) {
      const { request, text } = ref.current;
      if (request === null) return false;
      const edit = lineEdit(text, input, key);
      if (edit?.kind === 'submit') {
        setState({ request: null, text: '', candidates: [] });
        if (text.trim() !== '') request.answer(request.secret ? text : text.trim());
      } else if (edit?.kind === 'cancel') {
        setState({ request: null, text: '', candidates: [] });
      } else if (edit?.kind === 'complete' && request.words) {
        const done = completeLine(text, { commands: request.words, qubes: request.words, commandWords: {} });
        setState({ request, text: done.line.trimEnd(), candidates: done.candidates });
      } else if (edit?.kind === 'text') {
        setState({ request, text: edit.text, candidates: [] });
      }
      return true;
    },
  };
}

/** The open question and what is typed; when none is open, the view's last message (or a blank line). */
export function AskLineView({ ask, message, width, ellipsis }: { ask: AskLine; message: string | null; width: number; ellipsis: string }) {
  if (ask.request === null) {
    return (
      <Text color="yellow" wrap="truncate">
        {fit(message === null ? ' ' : ` ${printable(message)}`, width, ellipsis)}
      </Text>
    );
  }
  const question = `${ask.request.question} `;
  const typed = ask.request.secret ? '*'.repeat(ask.text.length) : printable(ask.text);
  const hint = ask.candidates.length > 0 ? `  ${ask.candidates.join(' ')}` : '  Enter ok  Esc cancel';
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">
        {fit(question, Math.min(question.length, width - 2), ellipsis)}
      </Text>
      {tail(typed, Math.max(0, width - question.length - 2))}
      <Text inverse> </Text>
      <Text dimColor>{hint}</Text>
    </Text>
  );
}
