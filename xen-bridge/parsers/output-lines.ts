import { ok, parseError, type Result } from '../result.js';

/**
 * Splits a tool's complete stdout into lines. The tools end every line with
 * "\n", so a last line without one means the output was cut off: that is an
 * error on that line rather than a silently shorter list.
 */
export function splitOutputLines(what: string, text: string): Result<string[]> {
  if (text === '') return ok([]);
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  if (last !== '') return parseError(what, lines.length + 1, last, 'output ends in the middle of a line');
  return ok(lines);
}
