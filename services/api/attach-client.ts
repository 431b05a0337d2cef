/**
 * The thin client side of `qtui` (attach): the local terminal in raw mode on
 * the alternate screen, its bytes relayed to the daemon's console and back,
 * its size sent on every change. Whatever ends the session (detach, the
 * daemon going away, a signal, a crash), the terminal is given back as it was.
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame, FRAME_DATA, FRAME_EXIT, FRAME_RESIZE, FrameDecoder } from './attach-frames.js';
import { LineSplitter } from './socket-protocol.js';

const ENTER_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J';
// Leave the alternate screen, show the cursor, reset colours, end bracketed paste and mouse reporting.
const LEAVE_SCREEN = '\x1b[0m\x1b[?25h\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1006l\x1b[?1049l';

export interface AttachIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => {
      s.removeListener('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Resolves with why the session ended ("detached", "daemon went away", …). */
export async function attachConsole(socketPath: string, io: AttachIo, term: string): Promise<string> {
  const socket = await openSocket(socketPath);
  const size = (): { cols: number; rows: number } => ({ cols: io.stdout.columns || 80, rows: io.stdout.rows || 24 });
  const accepted = await new Promise<Buffer>((resolve, reject) => {
    const splitter = new LineSplitter((line) => {
      const reply = JSON.parse(line) as { ok: boolean; error?: { message: string } };
      if (!reply.ok) reject(new Error(reply.error?.message ?? 'the daemon refused to attach'));
      else resolve(splitter.rest());
      return false;
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.once('close', () => reject(new Error('the daemon closed the connection')));
    socket.write(`${JSON.stringify({ id: 1, op: 'attach', ...size(), term })}\n`);
  });
  socket.removeAllListeners('data');
  socket.removeAllListeners('close');

  const wasRaw = io.stdin.isTTY ? io.stdin.isRaw : false;
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    io.stdout.write(LEAVE_SCREEN);
    if (io.stdin.isTTY) io.stdin.setRawMode(wasRaw);
  };
  process.once('exit', restore);
  if (io.stdin.isTTY) io.stdin.setRawMode(true);
  io.stdout.write(ENTER_SCREEN);

  return new Promise<string>((resolve) => {
    let reason = 'the daemon went away';
    const decoder = new FrameDecoder((frame) => {
      if (frame.type === FRAME_DATA) io.stdout.write(frame.data);
      else if (frame.type === FRAME_EXIT) reason = frame.reason;
    });
    const onInput = (data: Buffer): void => void socket.write(encodeFrame({ type: FRAME_DATA, data }));
    const onResize = (): void => void socket.write(encodeFrame({ type: FRAME_RESIZE, ...size() }));
    const onSignal = (): void => {
      reason = 'ended by a signal';
      socket.destroy();
    };
    const finish = (): void => {
      io.stdin.removeListener('data', onInput);
      io.stdout.removeListener('resize', onResize);
      for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.removeListener(s, onSignal);
      io.stdin.pause();
      restore();
      process.removeListener('exit', restore);
      resolve(reason);
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch {
        reason = 'the daemon sent garbage';
        socket.destroy();
      }
    });
    socket.on('close', finish);
    socket.on('error', () => socket.destroy());
    io.stdin.on('data', onInput);
    io.stdin.resume();
    io.stdout.on('resize', onResize);
    for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(s, onSignal);
    if (accepted.length > 0) decoder.push(accepted);
  });
}
