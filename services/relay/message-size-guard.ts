/**
 * A cap on the size of each D-Bus message a service qube can send to dom0,
 * enforced before dbus-next buffers it. dbus-next reads a message by its
 * declared length with `stream.read(length)`: an untrusted peer declaring a
 * huge length makes node buffer up to that much, and past 1 GiB node's
 * read() throws inside dbus-next's 'readable' handler, which would bring
 * the whole daemon down. So the connection's read() is wrapped: a request
 * above the cap ends the connection instead.
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

/**
 * Applies limitReadSize to a dbus-next connection's socket, a private
 * field of dbus-next 0.10 (as onBusLost in dbus-protocol relies on too).
 */
export function limitBusMessageSize(bus: MessageBus, maxBytes: number): void {
  const stream = (bus as unknown as { _connection?: { stream?: unknown } })._connection?.stream;
  if (!stream || typeof (stream as Readable).read !== 'function') throw new Error('dbus-next: no connection stream to guard (is the version other than 0.10?)');
  limitReadSize(stream as Readable, maxBytes);
}
