/** The `/` filter line: the table narrows with every key typed. */
import { EditLine } from './command-prompt.js';

export function FilterLine({ filter, width, row }: { filter: string; width: number; row: number }) {
  return <EditLine sigil="/" text={filter} width={width} row={row} />;
}
