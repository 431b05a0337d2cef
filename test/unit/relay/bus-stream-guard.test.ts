import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createRequire } from 'node:module';
import { containReaderErrors, limitReadSize } from '../../../services/relay/bus-stream-guard.js';

/** A D-Bus fixed header (little-endian) declaring `body` bytes of body and `fields` bytes of header fields. */
function header(body: number, fields: number): Buffer {
  const b = Buffer.alloc(16);
  b.write('l', 0, 'latin1');
  b.writeUInt8(2, 1); // method return
  b.writeUInt8(1, 3);
  b.writeUInt32LE(body, 4);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(fields, 12);
  return b;
}

/** Reads as dbus-next does: a 16-byte header, then the declared length in one read(). */
function dbusNextLikeReader(stream: PassThrough): { messages: number } {
  const seen = { messages: 0 };
  let want = 0;
  stream.on('readable', () => {
    for (;;) {
      if (want === 0) {
        const h = stream.read(16) as Buffer | null;
        if (!h) break;
        want = (((h.readUInt32LE(12) + 7) >> 3) << 3) + h.readUInt32LE(4);
      } else {
        const rest = stream.read(want) as Buffer | null;
        if (!rest) break;
        want = 0;
        seen.messages++;
      }
    }
  });
  return seen;
}

describe('limitReadSize', () => {
  it('lets messages under the limit through', async () => {
    const s = new PassThrough();
    limitReadSize(s, 1024);
    const seen = dbusNextLikeReader(s);
    s.write(Buffer.concat([header(100, 8), Buffer.alloc(108)]));
    await new Promise((r) => setImmediate(r));
    expect(seen.messages).toBe(1);
    expect(s.destroyed).toBe(false);
  });

  it('ends the stream, without throwing, on a declared length over the limit (even past the 1 GiB node cannot read)', async () => {
    const s = new PassThrough();
    limitReadSize(s, 1024);
    dbusNextLikeReader(s);
    const error = new Promise<Error>((r) => s.once('error', r));
    s.write(header(0xffff_fff0, 8));
    expect((await error).message).toMatch(/over the limit of 1024/);
    expect(s.destroyed).toBe(true);
  });
});

/** dbus-next's own message reader, as it runs on a connection's socket. */
const { unmarshalMessages } = createRequire(import.meta.url)('dbus-next/lib/message.js') as {
  unmarshalMessages: (stream: PassThrough, onMessage: (m: unknown) => void, opts: object) => void;
};

describe('containReaderErrors', () => {
  it('a body shorter than its signature ends the stream instead of throwing out of dbus-next', async () => {
    const s = new PassThrough();
    containReaderErrors(s);
    const messages: unknown[] = [];
    unmarshalMessages(s, (m) => messages.push(m), {});
    const error = new Promise<Error>((r) => s.once('error', r));
    // A method return whose signature field says 'u' (4 bytes) with a body of 2.
    const fields = Buffer.from([8, 1, 0x67, 0, 1, 0x75, 0, 0]);
    s.write(Buffer.concat([header(2, 7), fields, Buffer.from([1, 2])]));
    expect((await error).message).toMatch(/malformed D-Bus message/);
    expect(messages).toEqual([]);
  });
});
