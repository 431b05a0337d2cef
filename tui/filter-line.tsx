/** The `/` filter line: the table narrows with every key typed. */
import { Text } from 'ink';

export function FilterLine({ filter }: { filter: string }) {
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
