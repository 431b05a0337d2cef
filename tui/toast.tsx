/** The message line: the outcome of the last command, or else the daemon's latest notice. */
import { Text } from 'ink';
import type { ConsoleNotice } from './console-api.js';
import { fit, printable } from './printable.js';

export interface ToastMessage {
  text: string;
  level: 'info' | 'error' | 'busy';
}

const COLORS: Record<ToastMessage['level'], string> = { info: 'green', error: 'redBright', busy: 'cyan' };

export interface ToastProps {
  toast: ToastMessage | null;
  notice: ConsoleNotice | undefined;
  width: number;
  ellipsis: string;
}

export function Toast({ toast, notice, width, ellipsis }: ToastProps) {
  if (toast !== null) {
    return (
      <Text color={COLORS[toast.level]} bold={toast.level === 'error'} wrap="truncate">
        {fit(printable(toast.text), width, ellipsis)}
      </Text>
    );
  }
  if (notice !== undefined) {
    return (
      <Text color={notice.level === 'error' ? 'red' : undefined} dimColor={notice.level === 'info'} wrap="truncate">
        {fit(printable(`${notice.time} ${notice.text}`), width, ellipsis)}
      </Text>
    );
  }
  return <Text> </Text>;
}
