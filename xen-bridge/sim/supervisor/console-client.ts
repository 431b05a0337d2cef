/**
 * `xl console DOM` of the simulated host: relays the caller's terminal to the
 * guest's console through the domain's supervisor until Ctrl-] detaches or
 * the domain goes away.
 */
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { supervisorSocket } from '../sim-state.js';
import { FRAME_DATA, FirstLineReader, FrameDecoder, encodeFrame, encodeResize, parseReply } from './supervisor-protocol.js';
import type { SupervisorRequest } from './supervisor-protocol.js';

/** Ctrl-], xl console's escape character. */
const DETACH = 0x1d;

/**
 * libuv's raw mode keeps output post-processing (ONLCR), so the guest's \r\n
 * would reach the terminal as \r\r\n; xl console's cfmakeraw turns it off.
 * setRawMode(false) later restores the terminal's original settings, this included.
 */
function disableOutputProcessing(): void {
  try {
    execFileSync('stty', ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
  } catch {
    // No stty: the output keeps its extra carriage returns, which terminals render the same.
  }
}

function terminalSize(): { cols: number; rows: number } | undefined {
  const out = process.stdout;
  return out.isTTY && out.columns > 0 && out.rows > 0 ? { cols: out.columns, rows: out.rows } : undefined;
}

/** Resolves with xl's exit code: 0 on detach or when the domain goes away, 1 when the console cannot be attached. */
export function runConsoleClient(simDir: string, domid: number): Promise<number> {
  return new Promise((done) => {
    const stdin = process.stdin;
    const sock = connect(supervisorSocket(resolve(simDir), domid));
    const reader = new FirstLineReader();
    const decoder = new FrameDecoder();
    let attached = false;
    let raw = false;
    let finished = false;

    const onResize = (): void => {
      const size = terminalSize();
      if (size) sock.write(encodeResize(size.cols, size.rows));
    };
    const onInput = (chunk: Buffer): void => {
      const at = chunk.indexOf(DETACH);
      const keys = at < 0 ? chunk : chunk.subarray(0, at);
      if (keys.length > 0) sock.write(encodeFrame(FRAME_DATA, keys));
      if (at >= 0) finish(0);
    };
    const onOutput = (chunk: Buffer): void => {
      for (const f of decoder.push(chunk)) if (f.type === FRAME_DATA) process.stdout.write(f.payload);
    };
    function finish(code: number, message?: string): void {
      if (finished) return;
      finished = true;
      process.off('SIGWINCH', onResize);
      stdin.off('data', onInput);
      if (raw) stdin.setRawMode(false);
      if (attached) stdin.pause();
      sock.destroy();
      if (message) process.stderr.write(`${message}\n`);
      done(code);
    }

    sock.on('connect', () => {
      const size = terminalSize();
      const req: SupervisorRequest = size ? { op: 'console', ...size } : { op: 'console' };
      sock.write(`${JSON.stringify(req)}\n`);
    });
    sock.on('data', (chunk: Buffer) => {
      try {
        if (attached) {
          onOutput(chunk);
          return;
        }
        const first = reader.push(chunk);
        if (!first) return;
        const reply = parseReply(first.line);
        if (!reply.ok) {
          finish(1, `xl: ${reply.error}`);
          return;
        }
        attached = true;
        if (stdin.isTTY) {
          stdin.setRawMode(true);
          raw = true;
          disableOutputProcessing();
        }
        stdin.on('data', onInput);
        stdin.resume();
        process.on('SIGWINCH', onResize);
        onOutput(first.rest);
      } catch (e) {
        finish(1, `xl: console of domain ${domid}: ${(e as Error).message}`);
      }
    });
    sock.on('error', (e) => finish(1, `xl: cannot attach to the console of domain ${domid}: ${e.message}`));
    // EOF: the domain went away (shut down, rebooted, destroyed); xl console then exits 0.
    sock.on('close', () => finish(attached ? 0 : 1, attached ? undefined : `xl: the console of domain ${domid} closed before attaching`));
  });
}
