/**
 * The frames the two simulated proxies exchange over the vchan socket.
 * A real vchan is a pair of fixed-size rings in shared memory; DATA and ACK
 * frames reproduce their flow control (a writer may only have as many
 * unread bytes outstanding as the ring holds), HELLO/ACCEPT the moment the
 * client maps the server's rings (only the domain the server named may).
 */

export const FrameType = {
  /** client -> server, payload: the client's own domid in decimal. */
  Hello: 0x48,
  /** server -> client, empty: the rings are yours until you close. */
  Accept: 0x41,
  /** either way, payload: bytes written into the ring. */
  Data: 0x44,
  /** either way, payload: u32 count of bytes the reader took out of the ring. */
  Ack: 0x4b,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export interface Frame {
  type: FrameType;
  payload: Buffer;
}

const HEADER = 5;
/** No ring is bigger than this; a larger frame means the peer is not a vchan proxy. */
export const MAX_PAYLOAD = 65536;

export function encodeFrame(type: FrameType, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

export function ackFrame(count: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt32BE(count, 0);
  return encodeFrame(FrameType.Ack, p);
}

function isFrameType(t: number): t is FrameType {
  return (Object.values(FrameType) as number[]).includes(t);
}

/** Cuts a byte stream into frames; throws on anything that is not one. */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    while (this.buffered.length >= HEADER) {
      const type = this.buffered.readUInt8(0);
      const len = this.buffered.readUInt32BE(1);
      if (!isFrameType(type) || len > MAX_PAYLOAD) throw new Error(`vchan: bad frame (type ${type}, length ${len})`);
      if (this.buffered.length < HEADER + len) break;
      frames.push({ type, payload: this.buffered.subarray(HEADER, HEADER + len) });
      this.buffered = this.buffered.subarray(HEADER + len);
    }
    return frames;
  }
}
