/** A view's own message line: what its last action did, red when refused (a name mistyped, a value the daemon rejected). */
import { Text } from 'ink';
import { fit, printable } from '../printable.js';

export interface Note {
  text: string;
  error: boolean;
}

/** A command that threw instead of answering (the daemon gone): its error as a note. */
export const thrown = (err: unknown): Note => ({ text: err instanceof Error ? err.message : String(err), error: true });

export function NoteLine({ note, width, ellipsis }: { note: Note | null; width: number; ellipsis: string }) {
  return (
    <Text color={note?.error === true ? 'redBright' : 'yellow'} wrap="truncate">
      {note === null ? ' ' : fit(printable(` ${note.text}`), width, ellipsis)}
    </Text>
  );
}
