/**
 * Renders the real console into the daemon's own virtual terminal (as a
 * session does), whose bytes are fed to a real terminal emulator
 * (@xterm/headless). Tests then read the screen as a person would see it.
 */
import xterm from '@xterm/headless';
import type { ConsoleApi, RenderOptions } from '../../../tui/console-api.js';
import type { ConsoleHandle } from '../../../tui/render-console.js';
import { renderConsole } from '../../../tui/render-console.js';
import { VirtualTtyInput, VirtualTtyOutput } from '../../../services/sessions/virtual-tty.js';

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  pageDown: '\u001b[6~',
  pageUp: '\u001b[5~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  backspace: '\u007f',
} as const;

const WAIT_MS = 3000;
const POLL_MS = 10;

export interface MountedConsole {
  term: xterm.Terminal;
  out: VirtualTtyOutput;
  input: VirtualTtyInput;
  handle: ConsoleHandle;
  /** Every row of the emulator's screen, right-trimmed. */
  screen(): Promise<string[]>;
  /** Resolves with the screen once `check` holds for it; fails with the screen shown. */
  waitFor(check: string | ((lines: string[]) => boolean), what?: string): Promise<string[]>;
  /** Types keys one event at a time, as a person would, each after the previous was drawn. */
  type(...keys: string[]): Promise<void>;
  resize(columns: number, rows: number): void;
  dispose(): Promise<void>;
}

export function mountConsole(api: ConsoleApi, size: { columns: number; rows: number }, options?: RenderOptions): MountedConsole {
  // convertEol: a client's tty turns \n into \r\n (ONLCR, kept by Node's raw mode); so does the emulator.
  const term = new xterm.Terminal({ cols: size.columns, rows: size.rows, allowProposedApi: true, convertEol: true });
  let written: Promise<void> = Promise.resolve();
  const out = new VirtualTtyOutput(size.columns, size.rows, (chunk) => {
    written = written.then(() => new Promise<void>((resolve) => term.write(chunk.toString('utf8'), resolve)));
  });
  const input = new VirtualTtyInput();
  const handle = renderConsole(api, { stdout: out as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream }, options);

  const screen = async (): Promise<string[]> => {
    await written;
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < term.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines;
  };

  const waitFor = async (check: string | ((lines: string[]) => boolean), what?: string): Promise<string[]> => {
    const test = typeof check === 'string' ? (lines: string[]) => lines.some((l) => l.includes(check)) : check;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const lines = await screen();
      if (test(lines)) return lines;
      if (Date.now() > deadline) throw new Error(`screen never showed ${what ?? String(check)}:\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  /** Frames are throttled: a key counts as handled once output has been quiet for a moment. */
  const settle = async (): Promise<void> => {
    let last = -1;
    while (last !== out.bytes) {
      last = out.bytes;
      await new Promise((r) => setTimeout(r, 60));
    }
    await written;
  };

  return {
    term,
    out,
    input,
    handle,
    screen,
    waitFor,
    async type(...keys: string[]) {
      for (const k of keys) {
        input.type(k);
        await settle();
      }
    },
    resize(columns, rows) {
      term.resize(columns, rows);
      out.resize(columns, rows);
    },
    async dispose() {
      handle.unmount();
      await handle.waitUntilExit();
      await written;
      term.dispose();
    },
  };
}
