/**
 * The daemon's socket API: newline-delimited JSON, one request per line.
 * Lines are bounded so a broken or hostile client cannot make the daemon
 * buffer without end.
 */

export const MAX_LINE_BYTES = 1 << 20;

export type ApiRequest =
  | { id: number; op: 'run'; argv: string[] }
  | { id: number; op: 'subscribe' }
  | { id: number; op: 'ping' };

export type ApiResponse =
  | { id: number; ok: true; data: unknown; text?: string }
  | { id: number; ok: false; error: { code: string; message: string; exitCode: number } }
  | { event: unknown };

/** Splits a byte stream into lines, refusing any longer than the limit. */
export class LineSplitter {
  private buf = '';
  constructor(private readonly onLine: (line: string) => void, private readonly limit = MAX_LINE_BYTES) {}

  push(chunk: string): void {
    this.buf += chunk;
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl < 0) break;
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (line.length > 0) this.onLine(line);
    }
    if (this.buf.length > this.limit) {
      this.buf = '';
      throw new Error(`a message is longer than ${this.limit} bytes`);
    }
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
  if (r.op === 'subscribe' || r.op === 'ping') return { id: r.id, op: r.op };
  throw new Error(`unknown op ${JSON.stringify(r.op)}`);
}
