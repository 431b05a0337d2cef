/**
 * What `xl create` prints on stderr when it cannot use a config file, kept
 * apart from the file name so the simulated xl can print it for whatever
 * path it was given (xl names the file as the user wrote it).
 */
import type { ParseError } from '../result.js';

/** One line of xl's output: plain, or prefixed by "FILE: " or "FILE:LINE: ". */
export interface XlMessage {
  at: { line: number } | 'file' | null;
  text: string;
}

export interface XlCfgError extends ParseError {
  /** Every line xl prints for this failure, in order. */
  messages: XlMessage[];
  /** xl's exit status for this failure (1 for every config error of xl 4.17). */
  exitCode: number;
}

/** Exit status of `xl create` when the config cannot be parsed (see err.xl-create.bad-syntax). */
export const XL_CONFIG_ERROR_EXIT_CODE = 1;

export function formatXlMessage(file: string, message: XlMessage): string {
  if (message.at === null) return `${message.text}\n`;
  if (message.at === 'file') return `${file}: ${message.text}\n`;
  return `${file}:${message.at.line}: ${message.text}\n`;
}

/** The exact stderr text xl prints for `error` when reading `file` (after its "Parsing config from" line). */
export function formatXlConfigError(file: string, error: XlCfgError): string {
  return error.messages.map((m) => formatXlMessage(file, m)).join('');
}

export function xlCfgError(messages: XlMessage[], line = 0, text = ''): XlCfgError {
  const first = messages[0];
  return {
    what: 'xl.cfg',
    line,
    text,
    message: first ? first.text : 'invalid config',
    messages,
    exitCode: XL_CONFIG_ERROR_EXIT_CODE,
  };
}
