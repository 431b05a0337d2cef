/** The `:` prompt line; its keys are handled by the app (see line-editor.ts). */
import { Text } from 'ink';
import { tail } from './printable.js';

export function CommandPrompt({ text, width }: { text: string; width: number }) {
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">
        :
      </Text>
      {tail(text, width - 2)}
      <Text inverse> </Text>
    </Text>
  );
}
