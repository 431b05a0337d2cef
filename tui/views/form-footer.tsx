/**
 * The two lines under a form: what its last Enter did (refused in red, ran in
 * yellow: the daemon's own answer is on the app's message line) and its keys.
 */
import { Text } from 'ink';
import { fit, printable } from '../printable.js';

export interface FormNote {
  text: string;
  refused: boolean;
}

export function FormFooter({ note, hint, width, ellipsis }: { note: FormNote | null; hint: string; width: number; ellipsis: string }) {
  return (
    <>
      <Text color={note?.refused === true ? 'redBright' : 'yellow'} wrap="truncate">
        {fit(printable(` ${note?.text ?? ''}`), width, ellipsis)}
      </Text>
      <Text dimColor wrap="truncate">
        {fit(` ${hint}`, width, ellipsis)}
      </Text>
    </>
  );
}
