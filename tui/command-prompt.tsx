/** The `:` prompt: one command line, with Tab completion and a history. */
import { Text } from 'ink';
import { useState } from 'react';
import { completeLine } from './prompt-completion.js';
import type { CompletionSources } from './prompt-completion.js';
import { useLineEditor } from './use-line-editor.js';

export interface CommandPromptProps {
  history: readonly string[];
  sources: CompletionSources;
  onSubmit(line: string): void;
  onCancel(): void;
  /** Completion candidates, shown by the caller on the message line. */
  onCandidates(candidates: string[]): void;
}

export function CommandPrompt({ history, sources, onSubmit, onCancel, onCandidates }: CommandPromptProps) {
  const [text, setText] = useState('');
  // history.length means "the line being typed", below the newest entry.
  const [historyIndex, setHistoryIndex] = useState(history.length);
  useLineEditor({
    text,
    onChange: (t) => {
      setText(t);
      onCandidates([]);
    },
    onSubmit,
    onCancel,
    onTab: (current) => {
      const done = completeLine(current, sources);
      setText(done.line);
      onCandidates(done.candidates);
    },
    onHistory: (direction) => {
      const next = Math.min(history.length, Math.max(0, historyIndex + direction));
      setHistoryIndex(next);
      setText(history[next] ?? '');
    },
  });
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">
        :
      </Text>
      {text}
      <Text inverse> </Text>
    </Text>
  );
}
