/**
 * Parsers of outside input return a Result instead of throwing, so a caller
 * can never be surprised by an untyped exception from malformed xl output.
 */
export type Result<T, E = ParseError> = { ok: true; value: T } | { ok: false; error: E };

export interface ParseError {
  /** What was being parsed, e.g. "xl list". */
  what: string;
  /** 1-based line of the input where parsing failed; 0 when the input as a whole is wrong. */
  line: number;
  /** The offending line's text (truncated), for the message. */
  text: string;
  message: string;
}

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function parseError(what: string, line: number, text: string, message: string): { ok: false; error: ParseError } {
  return { ok: false, error: { what, line, text: text.slice(0, 200), message } };
}

export function formatParseError(e: ParseError): string {
  return e.line > 0 ? `${e.what}: line ${e.line}: ${e.message}: ${JSON.stringify(e.text)}` : `${e.what}: ${e.message}`;
}
