/** The `:` prompt's state: the line being typed, completion candidates and the history. */
import type { Key } from 'ink';
import { useRef, useState } from 'react';
import { lineEdit } from './line-editor.js';
import type { CompletionSources } from './prompt-completion.js';
import { completeLine } from './prompt-completion.js';
import { useRefState } from './use-ref-state.js';

const HISTORY_MAX = 100;

export interface CommandPromptState {
  text: string;
  candidates: string[];
  /** Starts an empty line, below the newest history entry. */
  open(): void;
  /** Handles one key; calls onSubmit (with keys typed after the Enter in the same read) or onClose when the line is done. */
  key(input: string, key: Key): void;
}

export function useCommandPrompt(sources: () => CompletionSources, onSubmit: (line: string, rest: string) => void, onClose: () => void): CommandPromptState {
  const [text, setText, textRef] = useRefState('');
  const [candidates, setCandidates] = useState<string[]>([]);
  const history = useRef<string[]>([]);
  // history.length stands for the line being typed.
  const historyIndex = useRef(0);

  const close = (): void => {
    setCandidates([]);
    onClose();
  };

  return {
    text,
    candidates,
    open() {
      setText('');
      setCandidates([]);
      historyIndex.current = history.current.length;
    },
    key(input, key) {
      const edit = lineEdit(textRef.current, input, key);
      switch (edit?.kind) {
        case 'text':
          setCandidates([]);
          return setText(edit.text);
        case 'submit': {
          const line = edit.text.trim();
          if (line !== '' && history.current[history.current.length - 1] !== line) history.current = [...history.current, line].slice(-HISTORY_MAX);
          close();
          return onSubmit(line, edit.rest);
        }
        case 'cancel':
          return close();
        case 'complete': {
          const done = completeLine(textRef.current, sources());
          setText(done.line);
          return setCandidates(done.candidates);
        }
        case 'history': {
          const next = Math.min(history.current.length, Math.max(0, historyIndex.current + edit.direction));
          historyIndex.current = next;
          return setText(history.current[next] ?? '');
        }
        case undefined:
          return;
      }
    },
  };
}
