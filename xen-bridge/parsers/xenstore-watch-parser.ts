import { ok, parseError, type ParseError, type Result } from '../result.js';

const WHAT = 'xenstore-watch';

/** A xenstore path (printable, no blanks) or a special watch such as @introduceDomain. */
const WATCH_PATH = /^(?:@[A-Za-z]+|\/[\x21-\x7e]*)$/;

export interface WatchLines {
  /** The complete lines, one fired watch each. The first is the firing xenstored sends when the watch is registered. */
  paths: string[];
  /** A last line without its newline yet (empty when none). */
  rest: string;
}

/** Reads what a `xenstore-watch PATH` has written so far. */
export function parseXenstoreWatch(text: string): Result<WatchLines> {
  const parts = text.split('\n');
  const rest = parts.pop() ?? '';
  for (const [i, line] of parts.entries()) {
    if (!WATCH_PATH.test(line)) return parseError(WHAT, i + 1, line, 'not a xenstore path');
  }
  return ok({ paths: parts, rest });
}

/**
 * Splits a running `xenstore-watch` into fired paths as its output arrives.
 * A bad line is reported and skipped; line numbers count from the start.
 */
export class XenstoreWatchSplitter {
  private pending = '';
  private lineNo = 0;

  push(chunk: string): { paths: string[]; errors: ParseError[] } {
    const out: { paths: string[]; errors: ParseError[] } = { paths: [], errors: [] };
    const parts = (this.pending + chunk).split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) {
      this.lineNo++;
      if (WATCH_PATH.test(line)) out.paths.push(line);
      else out.errors.push(parseError(WHAT, this.lineNo, line, 'not a xenstore path').error);
    }
    return out;
  }
}
