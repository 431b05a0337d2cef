/**
 * A console client of the daemon's socket with no terminal of its own: the
 * attach request, then frames both ways, the screen read back through a
 * terminal emulator. It can stop reading, to play a client whose socket
 * buffer fills.
 */
import { connect, type Socket } from 'node:net';
import xterm from '@xterm/headless';
import { encodeFrame, FRAME_DATA, FRAME_EXIT, FrameDecoder } from '../../../services/api/attach-frames.js';
import { LineSplitter } from '../../../services/api/socket-protocol.js';

export interface RawAttach {
  socket: Socket;
  /** Terminal bytes received so far. */
  bytes(): number;
  /** The client's screen as its terminal shows it. */
  screen(): string;
  /** Resolves once the terminal emulator has taken every byte received so far. */
  settled(): Promise<void>;
  type(keys: string): void;
  /** Asks to detach, as the thin client does; resolves when the daemon hangs up. */
  detach(): Promise<void>;
  /** Resolves once the connection is closed; the screen is gone then. */
  readonly closed: Promise<void>;
}

export function rawAttach(socketPath: string, cols = 120, rows = 36): Promise<RawAttach> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    let received = 0;
    let attached = false;
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    void closed.then(() => term.write('', () => term.dispose()));
    const decoder = new FrameDecoder((frame) => {
      if (frame.type !== FRAME_DATA) return;
      received += frame.data.length;
      term.write(frame.data);
    });
    const client: RawAttach = {
      socket,
      bytes: () => received,
      screen: () => Array.from({ length: rows }, (_, y) => term.buffer.active.getLine(y)?.translateToString(true) ?? '').join('\n'),
      settled: () => new Promise((r) => term.write('', r)),
      type: (keys) => void socket.write(encodeFrame({ type: FRAME_DATA, data: Buffer.from(keys) })),
      detach: async () => {
        socket.write(encodeFrame({ type: FRAME_EXIT, reason: 'detached' }));
        await closed;
      },
      closed,
    };
    const splitter = new LineSplitter((line) => {
      const reply = JSON.parse(line) as { ok: boolean; error?: { message: string } };
      if (!reply.ok) reject(new Error(reply.error?.message ?? 'attach refused'));
      attached = reply.ok;
      return false;
    });
    socket.on('data', (chunk: Buffer) => {
      if (attached) {
        decoder.push(chunk);
        return;
      }
      splitter.push(chunk);
      if (!attached) return;
      const rest = splitter.rest();
      if (rest.length > 0) decoder.push(rest);
      resolve(client);
    });
    socket.on('error', (e) => (attached ? socket.destroy() : reject(e)));
    socket.write(`${JSON.stringify({ id: 1, op: 'attach', cols, rows, term: 'xterm-256color' })}\n`);
  });
}
