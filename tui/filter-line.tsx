/** The `/` filter: the table narrows with every key typed. */
import { Text } from 'ink';
import { useLineEditor } from './use-line-editor.js';

export interface FilterLineProps {
  filter: string;
  onChange(filter: string): void;
  /** Enter keeps the filter and goes back to the table. */
  onDone(): void;
  /** Esc clears it. */
  onCancel(): void;
}

export function FilterLine({ filter, onChange, onDone, onCancel }: FilterLineProps) {
  useLineEditor({ text: filter, onChange, onSubmit: onDone, onCancel });
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">
        /
      </Text>
      {filter}
      <Text inverse> </Text>
    </Text>
  );
}
