/** The `:` prompt line; its keys are handled by the app (see line-editor.ts). */
import { Text } from 'ink';

export function CommandPrompt({ text }: { text: string }) {
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
