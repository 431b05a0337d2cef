/** The message line: the outcome of the last command, or else the daemon's latest notice. */
import { Text } from 'ink';
import type { ConsoleNotice } from './console-api.js';
import { printable } from './printable.js';

export interface ToastMessage {
  text: string;
  level: 'info' | 'error' | 'busy';
}

const COLORS: Record<ToastMessage['level'], string> = { info: 'green', error: 'redBright', busy: 'cyan' };

export function Toast({ toast, notice }: { toast: ToastMessage | null; notice: ConsoleNotice | undefined }) {
  if (toast !== null) {
    return (
      <Text color={COLORS[toast.level]} bold={toast.level === 'error'} wrap="truncate">
        {printable(toast.text)}
      </Text>
    );
  }
  if (notice !== undefined) {
    return (
      <Text color={notice.level === 'error' ? 'red' : undefined} dimColor={notice.level === 'info'} wrap="truncate">
        {printable(`${notice.time} ${notice.text}`)}
      </Text>
    );
  }
  return <Text> </Text>;
}
