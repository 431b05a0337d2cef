/** The message line: the outcome of the last command, or else the daemon's latest notice. */
import chalk from 'chalk';
import type { ConsoleNotice } from './console-api.js';
import { fit, printable } from './printable.js';
import { ScreenLines } from './screen-lines.js';

export interface ToastMessage {
  text: string;
  level: 'info' | 'error' | 'busy';
}

const STYLES: Record<ToastMessage['level'], (text: string) => string> = { info: chalk.green, error: chalk.bold.redBright, busy: chalk.cyan };

export interface ToastProps {
  toast: ToastMessage | null;
  notice: ConsoleNotice | undefined;
  width: number;
  ellipsis: string;
}

/** The line as drawn: styled text, exactly `width` cells. */
export function toastLine({ toast, notice, width, ellipsis }: ToastProps): string {
  if (toast !== null) return STYLES[toast.level](fit(printable(toast.text), width, ellipsis));
  if (notice !== undefined) {
    const text = fit(printable(`${notice.time} ${notice.text}`), width, ellipsis);
    return notice.level === 'error' ? chalk.red(text) : notice.level === 'info' ? chalk.dim(text) : text;
  }
  return ' '.repeat(width);
}

export function Toast(props: ToastProps) {
  return <ScreenLines lines={[toastLine(props)]} height={1} />;
}
