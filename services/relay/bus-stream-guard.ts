/**
 * Guards on the socket of a dbus-next connection to an untrusted peer (a
 * service qube), installed before dbus-next reads anything from it.
 *
 * dbus-next parses incoming messages inside the socket's 'readable'
 * handler with nothing to catch what goes wrong there, so a peer could
 * throw an exception straight at the process: a declared message length
 * past 1 GiB makes node's read() throw, and a body shorter than its
 * signature needs makes the decoder read past its buffer. Either would
 * bring the whole daemon down. So:
 * - read() asked for more than the cap ends the connection instead (and
 *   nothing near a huge declared length is ever buffered);
 * - an exception from any 'readable' listener ends the connection instead.
 */
import type { Readable } from 'node:stream';
import type { MessageBus } from 'dbus-next';

/** Wraps `stream.read` so that asking for more than `maxBytes` at once destroys the stream. */
export function limitReadSize(stream: Readable, maxBytes: number): void {
  const read = stream.read.bind(stream);
  stream.read = (size?: number): unknown => {
    if (typeof size === 'number' && size > maxBytes) {
      stream.destroy(new Error(`the peer sent a D-Bus message of ${size} bytes, over the limit of ${maxBytes}`));
      return null;
    }
    return read(size);
  };
}

/** Makes an exception thrown by a 'readable' listener destroy the stream rather than escape. */
export function containReaderErrors(stream: Readable): void {
  const emit = stream.emit.bind(stream);
  stream.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event !== 'readable') return emit(event, ...args);
    try {
      return emit(event, ...args);
    } catch (e) {
      stream.destroy(new Error(`the peer sent a malformed D-Bus message: ${e instanceof Error ? e.message : String(e)}`));
      return true;
    }
  };
}

/**
 * Both guards on a dbus-next connection's socket, a private field of
 * dbus-next 0.10 (as onBusLost in dbus-protocol relies on too).
 */
export function guardBusStream(bus: MessageBus, maxMessageBytes: number): void {
  const stream = (bus as unknown as { _connection?: { stream?: unknown } })._connection?.stream;
  if (!stream || typeof (stream as Readable).read !== 'function') throw new Error('dbus-next: no connection stream to guard (is the version other than 0.10?)');
  limitReadSize(stream as Readable, maxMessageBytes);
  containReaderErrors(stream as Readable);
}
