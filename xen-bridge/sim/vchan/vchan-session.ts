/**
 * One vchan session as vchan-socket-proxy's data_loop() runs it: bytes read
 * from the local end go into our write ring, bytes in our read ring go to
 * the local end, each ring as small as libxenvchan's and flow-controlled
 * like it (the writer waits for the reader to take bytes out).
 *
 * What the caller decides, because client and server differ: what to do when
 * the local input ends (onLocalEof, called once our pending bytes are all in
 * the ring) and when the session is over (`ended`).
 */
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { ackFrame, encodeFrame, FrameType, type Frame, type FrameDecoder } from './vchan-wire.js';

/** vchan-socket-proxy's own buffer for each direction (BUFSIZE). */
export const PROXY_BUFSIZE = 8192;
/** libxenvchan's default rings: the server writes into 2048 bytes, the client into 1024. */
export const SERVER_WRITE_RING = 2048;
export const CLIENT_WRITE_RING = 1024;

export interface LocalEnd {
  input: Readable;
  output: Writable;
}

export type SessionEnd =
  /** We closed the vchan (close()) and our last frames are out. */
  | { reason: 'closed' }
  /** The peer proxy closed the vchan, or sent something that is not a frame. */
  | { reason: 'vchan-closed' }
  /** Reading or writing the local end failed (ECONNRESET, EPIPE): the real proxy exit(1)s. */
  | { reason: 'local-error'; error: Error };

export interface SessionOptions {
  /** Size of the ring we write into (our peer reads it). */
  writeRing: number;
  /** Size of the ring we read (our peer writes it). */
  readRing: number;
  /** Bytes left in our write ring by an earlier session, delivered first. */
  stale?: Buffer;
  /** -v: the real proxy's log lines. */
  log?: (line: string) => void;
}

/** printf's %.*s stops at a NUL byte. */
function asCString(b: Buffer): string {
  const nul = b.indexOf(0);
  return (nul < 0 ? b : b.subarray(0, nul)).toString('latin1');
}

function takeBytes(queue: Buffer[], n: number): Buffer {
  const parts: Buffer[] = [];
  let want = n;
  while (want > 0) {
    const head = queue[0];
    if (!head) break;
    if (head.length <= want) {
      parts.push(head);
      queue.shift();
      want -= head.length;
    } else {
      parts.push(head.subarray(0, want));
      queue[0] = head.subarray(want);
      want = 0;
    }
  }
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
}

export class VchanSession {
  readonly ended: Promise<SessionEnd>;
  private resolveEnded!: (end: SessionEnd) => void;
  private finished = false;

  /** Read from the local end, not yet in our write ring. */
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  /** In our write ring, not yet taken out by the peer: what a next session would see. */
  private readonly inWriteRing: Buffer[] = [];
  private unacked = 0;
  /** In the peer's write ring, not yet taken out by us. */
  private readonly readRing: Buffer[] = [];
  private readRingBytes = 0;

  private local: LocalEnd | undefined;
  private localEnded = false;
  private onLocalEof: (() => void) | undefined;
  private readonly detachers: (() => void)[] = [];

  constructor(
    private readonly link: Socket,
    private readonly decoder: FrameDecoder,
    private readonly opts: SessionOptions,
  ) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    link.on('data', this.onLinkData);
    link.on('end', this.onLinkGone);
    link.on('close', this.onLinkGone);
    link.on('error', this.onLinkGone);
    link.resume();
    if (opts.stale && opts.stale.length > 0) this.writeIntoRing(opts.stale);
  }

  /** Takes the peer's frames (the link's own, and those that came in right behind the handshake). */
  handleFrames(frames: readonly Frame[]): void {
    for (const f of frames) {
      if (this.finished) return;
      if (f.type === FrameType.Data) {
        if (this.readRingBytes + f.payload.length > this.opts.readRing) return this.protocolError();
        this.readRing.push(Buffer.from(f.payload));
        this.readRingBytes += f.payload.length;
      } else if (f.type === FrameType.Ack) {
        const n = f.payload.length === 4 ? f.payload.readUInt32BE(0) : -1;
        if (n < 0 || n > this.unacked) return this.protocolError();
        takeBytes(this.inWriteRing, n);
        this.unacked -= n;
      } else {
        return this.protocolError();
      }
    }
    this.deliver();
    this.pumpOut();
  }

  /** Starts pumping between the vchan and this local end; onLocalEof runs once its input has ended and all of it is in the ring. */
  attach(local: LocalEnd, onLocalEof: () => void): void {
    if (this.finished) return destroyEnd(local);
    this.local = local;
    this.localEnded = false;
    this.onLocalEof = onLocalEof;
    const onData = (chunk: Buffer): void => {
      this.opts.log?.(`from-unix: ${asCString(chunk)}\n`);
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes >= PROXY_BUFSIZE) local.input.pause();
      this.pumpOut();
    };
    const onEnd = (): void => {
      this.localEnded = true;
      this.pumpOut();
    };
    const onError = (error: Error): void => this.finish({ reason: 'local-error', error });
    const onDrain = (): void => this.deliver();
    local.input.on('data', onData);
    local.input.on('end', onEnd);
    local.input.on('error', onError);
    local.output.on('error', onError);
    local.output.on('drain', onDrain);
    this.detachers.push(() => {
      local.input.off('data', onData);
      local.input.off('end', onEnd);
      local.output.off('drain', onDrain);
      // Late EPIPE/ECONNRESET from a local end we are done with must not crash the proxy.
      local.input.off('error', onError).on('error', () => undefined);
      local.output.off('error', onError).on('error', () => undefined);
    });
    local.input.resume();
    this.deliver();
  }

  /** Drops the local end without touching the vchan (the server reconnects to its service this way). */
  detachLocal(): void {
    const local = this.local;
    if (!local) return;
    this.local = undefined;
    for (const d of this.detachers.splice(0)) d();
    destroyEnd(local);
  }

  /** Closes the local end at once, unread data and all, and the vchan once our last frames are out (the real client after local EOF). */
  close(): void {
    if (this.finished) return;
    this.detachLocal();
    // `ended` waits for the flush, so a proxy that exits next cannot cut its last frames off.
    this.link.end(() => this.finish({ reason: 'closed' }));
  }

  /** What is still in our write ring: the next session's first bytes. */
  staleRing(): Buffer {
    return Buffer.concat(this.inWriteRing);
  }

  private writeIntoRing(chunk: Buffer): void {
    this.link.write(encodeFrame(FrameType.Data, chunk));
    this.inWriteRing.push(chunk);
    this.unacked += chunk.length;
    this.opts.log?.(`wrote ${chunk.length} bytes to vchan\n`);
  }

  private pumpOut(): void {
    if (this.finished) return;
    while (this.pendingBytes > 0 && this.unacked < this.opts.writeRing) {
      const n = Math.min(this.opts.writeRing - this.unacked, this.pendingBytes);
      this.pendingBytes -= n;
      this.writeIntoRing(takeBytes(this.pending, n));
    }
    const local = this.local;
    if (!local) return;
    if (this.pendingBytes < PROXY_BUFSIZE && !this.localEnded) local.input.resume();
    if (this.localEnded && this.pendingBytes === 0 && this.onLocalEof) {
      const cb = this.onLocalEof;
      this.onLocalEof = undefined;
      cb();
    }
  }

  /** Takes bytes out of the read ring only while the local end keeps up, so a stalled reader fills the ring. */
  private deliver(): void {
    const out = this.local?.output;
    // Like data_loop after a local EOF: only our pending bytes still go into the ring.
    if (this.finished || !out || this.localEnded) return;
    while (this.readRingBytes > 0 && out.writableLength < PROXY_BUFSIZE) {
      const chunk = takeBytes(this.readRing, this.readRingBytes);
      this.readRingBytes = 0;
      this.opts.log?.(`from-vchan: ${asCString(chunk)}\n`);
      out.write(chunk);
      this.link.write(ackFrame(chunk.length));
    }
  }

  private readonly onLinkData = (chunk: Buffer): void => {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch {
      return this.protocolError();
    }
    this.handleFrames(frames);
  };

  private readonly onLinkGone = (): void => {
    if (this.finished) return;
    this.opts.log?.('vchan client disconnected\n');
    // The real proxy writes out what it already holds, then closes the local end.
    const local = this.local;
    this.local = undefined;
    for (const d of this.detachers.splice(0)) d();
    if (local) {
      for (const chunk of this.readRing.splice(0)) local.output.write(chunk);
      this.readRingBytes = 0;
      local.output.end(() => destroyEnd(local));
      local.input.pause();
    }
    this.finish({ reason: 'vchan-closed' });
  };

  private protocolError(): void {
    this.link.destroy();
    this.onLinkGone();
  }

  private finish(end: SessionEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.link.off('data', this.onLinkData);
    this.link.on('error', () => undefined);
    this.resolveEnded(end);
  }
}

function destroyEnd(local: LocalEnd): void {
  // Often one socket in both roles; destroy() twice is harmless.
  local.input.destroy();
  local.output.destroy();
}
