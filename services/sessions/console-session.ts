/**
 * One attached client: its own Ink instance, rendering into a virtual
 * terminal whose bytes go out as frames on the client's connection (a unix
 * socket, or later an SSH channel), with input and size coming back the
 * same way. Everything it holds is released when the connection ends.
 */
import type { Duplex } from 'node:stream';
import { renderConsole } from '../../tui/render-console.js';
import type { RenderOptions } from '../../tui/console-api.js';
import { encodeFrame, FRAME_DATA, FRAME_EXIT, FrameDecoder } from '../api/attach-frames.js';
import { ClientScreen } from './client-screen.js';
import { ConsoleModel, type ConsoleModelDeps } from './console-model.js';
import { VirtualTtyInput, VirtualTtyOutput } from './virtual-tty.js';

/** A client that stops reading is dropped before the daemon buffers this much for it. */
const MAX_PENDING_BYTES = 8 << 20;

export function renderOptionsFor(term: string, env: NodeJS.ProcessEnv = process.env): RenderOptions {
  const linux = term === 'linux';
  return {
    ascii: linux || env.QTUI_ASCII === '1',
    colors: linux ? 'linux16' : /truecolor|24bit|direct/.test(term) || env.COLORTERM === 'truecolor' ? 'truecolor' : 'ansi256',
  };
}

export interface ConsoleSessionCounts {
  sessions: number;
}

/** Live sessions, so tests (and the soak run) can check that nothing is left behind. */
export const liveSessions: ConsoleSessionCounts = { sessions: 0 };

export function hostConsoleSession(
  conn: Duplex,
  size: { cols: number; rows: number; term: string },
  deps: Omit<ConsoleModelDeps, 'onDetach'>,
  rest: Buffer = Buffer.alloc(0),
): void {
  let closed = false;
  const send = (data: Buffer): void => {
    if (closed) return;
    if (conn.writableLength > MAX_PENDING_BYTES) {
      close('the client stopped reading');
      return;
    }
    conn.write(encodeFrame({ type: FRAME_DATA, data }));
  };
  const screen = new ClientScreen(size.cols, size.rows, send);
  const output = new VirtualTtyOutput(size.cols, size.rows, (data) => screen.write(data));
  const input = new VirtualTtyInput();
  const model = new ConsoleModel({ ...deps, onDetach: () => close('detached') });
  // Ink only needs the parts of a tty stream that the virtual ones provide.
  const ink = renderConsole(model, { stdout: output as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream }, renderOptionsFor(size.term));
  liveSessions.sessions++;

  function close(reason: string): void {
    if (closed) return;
    if (!conn.destroyed) conn.end(encodeFrame({ type: FRAME_EXIT, reason }));
    closed = true;
    ink.unmount();
    screen.dispose();
    model.close();
    input.push(null);
    liveSessions.sessions--;
  }

  const decoder = new FrameDecoder((frame) => {
    if (frame.type === FRAME_DATA) input.type(frame.data);
    else if (frame.type === FRAME_EXIT) close('detached');
    else {
      screen.resize(frame.cols, frame.rows);
      output.resize(frame.cols, frame.rows);
    }
  });
  const onData = (chunk: Buffer): void => {
    try {
      decoder.push(chunk);
    } catch {
      close('the client sent garbage');
      conn.destroy();
    }
  };
  conn.on('data', onData);
  conn.on('close', () => close('the client went away'));
  conn.on('error', () => conn.destroy());
  if (rest.length > 0) onData(rest);
}
