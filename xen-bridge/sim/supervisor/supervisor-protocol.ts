/**
 * The supervisor socket's protocol.
 *
 * The client opens with one JSON line, the request:
 *   {"op":"console","cols":80,"rows":24}   attach the console (cols/rows optional)
 *   {"op":"control","action":"pause"}      shutdown | reboot | pause | unpause | destroy
 * The supervisor answers with one JSON line: {"ok":true} or {"ok":false,"error":"..."}.
 * A control connection ends there. A console connection then carries frames
 * both ways: 1 byte type, 4 bytes big-endian payload length, payload.
 *   type 0 data:   console bytes (client to guest: keystrokes; guest to client: output)
 *   type 1 resize: 4 bytes, cols and rows as big-endian uint16 (client to supervisor only)
 * The supervisor closes the connection when the domain goes away (EOF to the client).
 */

export type ControlAction = 'shutdown' | 'reboot' | 'pause' | 'unpause' | 'destroy';

export type SupervisorRequest = { op: 'console'; cols?: number; rows?: number } | { op: 'control'; action: ControlAction };

export type SupervisorReply = { ok: true } | { ok: false; error: string };

const CONTROL_ACTIONS: readonly string[] = ['shutdown', 'reboot', 'pause', 'unpause', 'destroy'];

/** A terminal dimension the pty accepts. */
function isDimension(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 0xffff;
}

export function parseRequest(line: string): SupervisorRequest | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (r.op === 'console') {
    return isDimension(r.cols) && isDimension(r.rows) ? { op: 'console', cols: r.cols, rows: r.rows } : { op: 'console' };
  }
  if (r.op === 'control' && typeof r.action === 'string' && CONTROL_ACTIONS.includes(r.action)) {
    return { op: 'control', action: r.action as ControlAction };
  }
  return undefined;
}

export function parseReply(line: string): SupervisorReply {
  try {
    const v = JSON.parse(line) as { ok?: unknown; error?: unknown };
    if (v.ok === true) return { ok: true };
    if (v.ok === false) return { ok: false, error: String(v.error) };
  } catch {
    // Falls through to the generic answer below.
  }
  return { ok: false, error: `unintelligible reply from the domain's supervisor: ${JSON.stringify(line.slice(0, 200))}` };
}

export const FRAME_DATA = 0;
export const FRAME_RESIZE = 1;
const HEADER_BYTES = 5;
/** Bounds what a peer can make us buffer. */
const MAX_FRAME_BYTES = 1 << 20;

export function encodeFrame(type: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

export function encodeResize(cols: number, rows: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt16BE(cols, 0);
  payload.writeUInt16BE(rows, 2);
  return encodeFrame(FRAME_RESIZE, payload);
}

export function decodeResize(payload: Buffer): { cols: number; rows: number } | undefined {
  if (payload.length !== 4) return undefined;
  const cols = payload.readUInt16BE(0);
  const rows = payload.readUInt16BE(2);
  return cols > 0 && rows > 0 ? { cols, rows } : undefined;
}

export interface Frame {
  type: number;
  payload: Buffer;
}

/** Reassembles frames from stream chunks of any size. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Throws on a frame larger than the protocol allows: the peer is broken or hostile. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    while (this.pending.length >= HEADER_BYTES) {
      const length = this.pending.readUInt32BE(1);
      if (length > MAX_FRAME_BYTES) throw new Error(`console frame of ${length} bytes exceeds ${MAX_FRAME_BYTES}`);
      if (this.pending.length < HEADER_BYTES + length) break;
      frames.push({ type: this.pending.readUInt8(0), payload: this.pending.subarray(HEADER_BYTES, HEADER_BYTES + length) });
      this.pending = this.pending.subarray(HEADER_BYTES + length);
    }
    return frames;
  }
}

/** Splits off the first line of a stream (the request or the reply); what follows it belongs to the frames. */
export class FirstLineReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBytes = 4096) {}

  /** Returns the line and the rest once the newline has arrived; throws if the line grows too long. */
  push(chunk: Buffer): { line: string; rest: Buffer } | undefined {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const nl = this.buffered.indexOf(0x0a);
    if (nl < 0) {
      if (this.buffered.length > this.maxBytes) throw new Error(`first line longer than ${this.maxBytes} bytes`);
      return undefined;
    }
    return { line: this.buffered.subarray(0, nl).toString('utf8'), rest: this.buffered.subarray(nl + 1) };
  }
}
