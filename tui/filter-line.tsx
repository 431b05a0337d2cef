/** The `/` filter line: the table narrows with every key typed. */
import { Text } from 'ink';
import { tail } from './printable.js';

export function FilterLine({ filter, width }: { filter: string; width: number }) {
  return (
    <Text wrap="truncate">
      <Text bold color="cyan">
        /
      </Text>
      {tail(filter, width - 2)}
      <Text inverse> </Text>
    </Text>
  );
}
