/**
 * One attached client: its own Ink instance, rendering into a virtual
 * terminal of the client's size (renderConsole keeps the screen model and
 * sends only changed cells into it). How bytes travel (frames on the
 * daemon's socket, or an SSH channel) is the transport's business;
 * everything the session holds is released when it ends.
 */
import type { Duplex } from 'node:stream';
import { renderConsole } from '../../tui/render-console.js';
import { renderOptionsFor } from '../../tui/render-options.js';
import { encodeFrame, FRAME_DATA, FRAME_EXIT, FrameDecoder } from '../api/attach-frames.js';
import { ConsoleModel, type ConsoleModelDeps } from './console-model.js';
import { InputRouter } from './input-router.js';
import { VirtualTtyInput, VirtualTtyOutput } from './virtual-tty.js';

/** Live sessions, so tests (and the soak run) can check that nothing is left behind. */
export const liveSessions = { sessions: 0 };

export interface ConsoleTransport {
  /**
   * Terminal bytes for the client; `taken` is called once the client's
   * connection has taken them (written to the socket, or within the SSH
   * channel's window). Until then no further frame is sent: a client that
   * stops reading gets the latest screen when it reads again.
   */
  send(data: Buffer, taken: () => void): void;
  /** Ends the client's connection, saying why. */
  end(reason: string): void;
}

export interface ConsoleSession {
  input(data: Buffer): void;
  resize(cols: number, rows: number): void;
  close(reason: string): void;
}

export function startConsoleSession(
  transport: ConsoleTransport,
  size: { cols: number; rows: number; term: string },
  deps: Omit<ConsoleModelDeps, 'onDetach'>,
): ConsoleSession {
  let closed = false;
  const send = (data: Buffer): Promise<void> | void => {
    if (closed) return;
    return new Promise((taken) => transport.send(data, taken));
  };
  const output = new VirtualTtyOutput(size.cols, size.rows, send);
  const input = new VirtualTtyInput();
  const model = new ConsoleModel({ ...deps, onDetach: () => session.close('detached') });
  // Ink only needs the parts of a tty stream that the virtual ones provide.
  const ink = renderConsole(model, { stdout: output as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream }, renderOptionsFor({ TERM: size.term }));
  liveSessions.sessions++;
  const panes = model.workspaces;
  // Keys for a pane are taken before Ink, which would parse and re-encode them.
  const router = panes
    ? new InputRouter({ prefix: panes.prefix, toInk: (data) => input.type(data), pane: () => panes.keySink(), onPrefix: (action) => panes.prefixKey(action), onPending: (on) => panes.setPrefixPending(on) })
    : null;

  const session: ConsoleSession = {
    input: (data) => {
      if (closed) return;
      if (router) router.input(data);
      else input.type(data);
    },
    resize: (cols, rows) => {
      if (closed) return;
      output.resize(cols, rows);
    },
    close: (reason) => {
      if (closed) return;
      closed = true;
      transport.end(reason);
      ink.unmount();
      model.close();
      input.push(null);
      liveSessions.sessions--;
    },
  };
  return session;
}

/** A client of the daemon's socket, after its attach request: frames both ways. */
export function hostSocketConsole(conn: Duplex, size: { cols: number; rows: number; term: string }, deps: Omit<ConsoleModelDeps, 'onDetach'>, rest: Buffer): void {
  const session = startConsoleSession(
    {
      send: (data, taken) => void conn.write(encodeFrame({ type: FRAME_DATA, data }), () => taken()),
      end: (reason) => {
        if (!conn.destroyed) conn.end(encodeFrame({ type: FRAME_EXIT, reason }));
      },
    },
    size,
    deps,
  );
  const decoder = new FrameDecoder((frame) => {
    if (frame.type === FRAME_DATA) session.input(frame.data);
    else if (frame.type === FRAME_EXIT) session.close('detached');
    else session.resize(frame.cols, frame.rows);
  });
  const onData = (chunk: Buffer): void => {
    try {
      decoder.push(chunk);
    } catch {
      session.close('the client sent garbage');
      conn.destroy();
    }
  };
  conn.on('data', onData);
  conn.on('close', () => session.close('the client went away'));
  conn.on('error', () => conn.destroy());
  if (rest.length > 0) onData(rest);
}

// The SSH client's own terminal has no qtui client to switch screens for it.
const SSH_ENTER = '\x1b[?1049h\x1b[H\x1b[2J';
const SSH_LEAVE = '\x1b[0m\x1b[?25h\x1b[?1049l';

/** An SSH shell channel: raw bytes both ways, the size from window-change requests. */
export function hostChannelConsole(channel: Duplex, size: { cols: number; rows: number; term: string }, deps: Omit<ConsoleModelDeps, 'onDetach'>): { resize(cols: number, rows: number): void } {
  channel.write(SSH_ENTER);
  const session = startConsoleSession(
    {
      send: (data, taken) => void channel.write(data, () => taken()),
      end: (reason) => {
        if (!channel.destroyed) channel.end(`${SSH_LEAVE}[${reason}]\r\n`);
      },
    },
    size,
    deps,
  );
  channel.on('data', (data: Buffer) => session.input(data));
  channel.on('close', () => session.close('the client went away'));
  channel.on('error', () => channel.destroy());
  return { resize: (cols, rows) => session.resize(cols, rows) };
}
