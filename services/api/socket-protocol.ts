/**
 * The daemon's socket API: newline-delimited JSON, one request per line.
 * Lines are bounded so a broken or hostile client cannot make the daemon
 * buffer without end.
 */

export const MAX_LINE_BYTES = 1 << 20;

export type ApiRequest =
  | { id: number; op: 'run'; argv: string[] }
  | { id: number; op: 'attach'; cols: number; rows: number; term: string }
  | { id: number; op: 'subscribe' }
  | { id: number; op: 'ping' };

export type ApiResponse =
  | { id: number; ok: true; data: unknown; text?: string }
  | { id: number; ok: false; error: { code: string; message: string; exitCode: number } }
  | { event: unknown };

/**
 * Splits a byte stream into lines, refusing any longer than the limit. A
 * line handler that returns false stops the splitting: the bytes after that
 * line are then the caller's (an attach switches the socket to frames).
 */
export class LineSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private stopped = false;
  constructor(private readonly onLine: (line: string) => boolean | undefined, private readonly limit = MAX_LINE_BYTES) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (!this.stopped) {
      const nl = this.buf.indexOf(10);
      if (nl < 0) break;
      const line = this.buf.subarray(0, nl).toString('utf8');
      this.buf = this.buf.subarray(nl + 1);
      if (line.length > 0 && this.onLine(line) === false) this.stopped = true;
    }
    if (!this.stopped && this.buf.length > this.limit) {
      this.buf = Buffer.alloc(0);
      throw new Error(`a message is longer than ${this.limit} bytes`);
    }
  }

  /** What came after the line that stopped the splitting. */
  rest(): Buffer {
    const r = this.buf;
    this.buf = Buffer.alloc(0);
    return r;
  }
}

export function parseRequest(line: string): ApiRequest {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new Error('a request is not JSON');
  }
  if (typeof v !== 'object' || v === null) throw new Error('a request is not an object');
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) throw new Error('a request has no numeric id');
  if (r.op === 'run') {
    if (!Array.isArray(r.argv) || !r.argv.every((w) => typeof w === 'string')) throw new Error('run needs argv, a list of strings');
    return { id: r.id, op: 'run', argv: r.argv as string[] };
  }
  if (r.op === 'attach') {
    if (!Number.isInteger(r.cols) || !Number.isInteger(r.rows) || (r.cols as number) < 1 || (r.rows as number) < 1 || (r.cols as number) > 1000 || (r.rows as number) > 1000) {
      throw new Error('attach needs a terminal size (cols, rows) between 1 and 1000');
    }
    const term = typeof r.term === 'string' && /^[A-Za-z0-9._+-]{1,64}$/.test(r.term) ? r.term : 'xterm';
    return { id: r.id, op: 'attach', cols: r.cols as number, rows: r.rows as number, term };
  }
  if (r.op === 'subscribe' || r.op === 'ping') return { id: r.id, op: r.op };
  throw new Error(`unknown op ${JSON.stringify(r.op)}`);
}
