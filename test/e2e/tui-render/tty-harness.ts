/**
 * Renders the real console into a stand-in for a client's terminal: a writable
 * stream with a size and 'resize' events, whose bytes are fed to a real terminal
 * emulator (@xterm/headless), and a stdin that accepts raw mode. Tests then read
 * the screen as a person would see it.
 */
import { Readable, Writable } from 'node:stream';
import xterm from '@xterm/headless';
import type { ConsoleApi, RenderOptions } from '../../../tui/console-api.js';
import type { ConsoleHandle } from '../../../tui/render-console.js';
import { renderConsole } from '../../../tui/render-console.js';

export class FakeTtyOut extends Writable {
  readonly isTTY = true;
  columns: number;
  rows: number;
  bytes = 0;

  constructor(
    columns: number,
    rows: number,
    private readonly sink: (chunk: string) => void,
  ) {
    super({ decodeStrings: false });
    this.columns = columns;
    this.rows = rows;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.bytes += Buffer.byteLength(text);
    this.sink(text);
    done();
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeTtyIn extends Readable {
  readonly isTTY = true;
  isRaw = false;

  override _read(): void {
    // Data is pushed by type().
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

  type(keys: string): void {
    this.push(keys);
  }
}

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
  out: FakeTtyOut;
  input: FakeTtyIn;
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
  const out = new FakeTtyOut(size.columns, size.rows, (chunk) => {
    written = written.then(() => new Promise<void>((resolve) => term.write(chunk, resolve)));
  });
  const input = new FakeTtyIn();
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
