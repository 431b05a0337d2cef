/**
 * The two ends of a terminal that Ink renders into when the terminal is not
 * the daemon's own but a client's, far away over a socket or an SSH channel:
 * output goes to a sink, input is what the client typed, and the size is
 * whatever the client last said.
 *
 * A sink that returns a promise holds the next write until the client has
 * taken this one, and the output says it needs draining meanwhile: the
 * screen stream (tui/screen-diff-stream.ts) then skips frames and sends the
 * latest screen once the client catches up, so a client that stops reading
 * costs the daemon one frame, not a growing buffer.
 */
import { Readable, Writable } from 'node:stream';

export class VirtualTtyOutput extends Writable {
  readonly isTTY = true;
  /** Bytes written so far: what this client has been sent. */
  bytes = 0;

  constructor(
    public columns: number,
    public rows: number,
    private readonly sink: (data: Buffer) => void | Promise<void>,
  ) {
    // One chunk in flight is enough to make the next writer wait for 'drain'.
    super({ decodeStrings: true, highWaterMark: 1 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.bytes += chunk.length;
    const taken = this.sink(chunk);
    if (taken instanceof Promise) void taken.then(() => done());
    else done();
  }

  resize(columns: number, rows: number): void {
    if (columns === this.columns && rows === this.rows) return;
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }

  getColorDepth(): number {
    return 8;
  }

  hasColors(count = 16): boolean {
    return count <= 256;
  }
}

export class VirtualTtyInput extends Readable {
  readonly isTTY = true;
  isRaw = false;

  override _read(): void {
    // Input arrives when the client sends it; nothing to fetch.
  }

  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  type(data: Buffer | string): void {
    this.push(data);
  }
}
