/**
 * After an `attach` request the socket carries frames instead of JSON lines:
 * a type byte, a 4-byte big-endian length, the payload. Terminal bytes and
 * control messages (resize, exit) then never mix up, whatever bytes a pane
 * prints or a user types.
 */

export const FRAME_DATA = 0;
export const FRAME_RESIZE = 1;
export const FRAME_EXIT = 2;

/** Bound on one frame, so a broken peer cannot make the other buffer without end. */
export const MAX_FRAME_BYTES = 1 << 20;

export type Frame = { type: typeof FRAME_DATA; data: Buffer } | { type: typeof FRAME_RESIZE; cols: number; rows: number } | { type: typeof FRAME_EXIT; reason: string };

export function encodeFrame(frame: Frame): Buffer {
  const payload =
    frame.type === FRAME_DATA ? frame.data : Buffer.from(JSON.stringify(frame.type === FRAME_RESIZE ? { cols: frame.cols, rows: frame.rows } : { reason: frame.reason }));
  const head = Buffer.alloc(5);
  head.writeUInt8(frame.type, 0);
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

export function isSaneSize(cols: unknown, rows: unknown): cols is number {
  return Number.isInteger(cols) && Number.isInteger(rows) && (cols as number) > 0 && (rows as number) > 0 && (cols as number) <= 1000 && (rows as number) <= 1000;
}

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (frame: Frame) => void) {}

  /** Throws on a malformed stream; the caller then drops the connection. */
  push(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 5) {
      const type = this.buf.readUInt8(0);
      const len = this.buf.readUInt32BE(1);
      if (len > MAX_FRAME_BYTES) throw new Error(`a frame of ${len} bytes is over the limit`);
      if (this.buf.length < 5 + len) return;
      const payload = this.buf.subarray(5, 5 + len);
      this.buf = this.buf.subarray(5 + len);
      this.onFrame(decodePayload(type, payload));
    }
  }
}

function decodePayload(type: number, payload: Buffer): Frame {
  if (type === FRAME_DATA) return { type, data: Buffer.from(payload) };
  let v: unknown;
  try {
    v = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new Error(`a control frame is not JSON`);
  }
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (type === FRAME_RESIZE) {
    if (!isSaneSize(o.cols, o.rows)) throw new Error('a resize frame has no sane size');
    return { type, cols: o.cols, rows: o.rows as number };
  }
  if (type === FRAME_EXIT) return { type, reason: typeof o.reason === 'string' ? o.reason.slice(0, 200) : 'detached' };
  throw new Error(`unknown frame type ${type}`);
}
