/**
 * The layer between Ink and a client's terminal. Ink writes into a screen
 * model (a headless xterm) as if it were the client's terminal; at most
 * FPS times a second the model is compared with what the client already
 * shows, and only the cells that changed are sent, as cursor moves, SGR and
 * text. Ink may repaint the whole screen for a one-character change; the
 * client still gets a few bytes. And since only cells are sent, no escape
 * sequence that reached the model (a title, a clipboard write) ever reaches
 * the client.
 */
import xtermHeadless from '@xterm/headless';
import type { Terminal as XTerminal } from '@xterm/headless';
import { readLine } from '../terminals/screen-cells.js';

const { Terminal } = xtermHeadless;

const FPS = 60;

interface Cell {
  chars: string;
  sgr: string;
  width: number;
}

export class ClientScreen {
  private readonly term: XTerminal;
  private shown: Cell[][] | null = null;
  private cursorVisible = true;
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = 0;
  private closed = false;
  /** Bytes sent to the client so far (the benchmark reads it). */
  bytesSent = 0;

  constructor(
    cols: number,
    rows: number,
    private readonly send: (data: Buffer) => void,
  ) {
    this.term = new Terminal({ cols, rows, scrollback: 0, allowProposedApi: true });
    // DECTCEM is not in the model's public state: follow it as it passes.
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'h' }, (params) => {
      if (params.includes(25)) this.cursorVisible = true;
      return false;
    });
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) => {
      if (params.includes(25)) this.cursorVisible = false;
      return false;
    });
  }

  write(data: Buffer | string): void {
    if (this.closed) return;
    this.term.write(typeof data === 'string' ? data : new Uint8Array(data), () => this.schedule());
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.shown = null;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.lastFlush + 1000 / FPS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private snapshot(): Cell[][] {
    const buf = this.term.buffer.active;
    return Array.from({ length: this.term.rows }, (_, y) => readLine(buf, buf.viewportY + y, this.term.cols));
  }

  /** Sends what changed since the last flush. */
  flush(): void {
    if (this.closed) return;
    this.lastFlush = Date.now();
    const next = this.snapshot();
    const prev = this.shown;
    let out = prev ? '' : '\x1b[0m\x1b[H\x1b[2J';
    let sgr = '';
    for (let y = 0; y < next.length; y++) {
      const row = next[y] as Cell[];
      const old = prev?.[y];
      let x = 0;
      while (x < row.length) {
        const c = row[x] as Cell;
        const o = old?.[x];
        if (c.width === 0 || (o && o.chars === c.chars && o.sgr === c.sgr && o.width === c.width)) {
          x++;
          continue;
        }
        out += `\x1b[${y + 1};${x + 1}H`;
        // Draw the run of changed cells from here.
        while (x < row.length) {
          const d = row[x] as Cell;
          const od = old?.[x];
          if (od && od.chars === d.chars && od.sgr === d.sgr && od.width === d.width) break;
          if (d.width !== 0) {
            if (d.sgr !== sgr) {
              out += d.sgr;
              sgr = d.sgr;
            }
            out += d.chars;
          }
          x++;
        }
      }
    }
    const buf = this.term.buffer.active;
    if (out !== '' || !prev) out += `\x1b[0m\x1b[${buf.cursorY + 1};${buf.cursorX + 1}H${this.cursorVisible ? '\x1b[?25h' : '\x1b[?25l'}`;
    this.shown = next;
    if (out === '') return;
    const bytes = Buffer.from(out, 'utf8');
    this.bytesSent += bytes.length;
    this.send(bytes);
  }

  /** The model's text, row by row (for tests and the help of a stuck client). */
  text(): string[] {
    const buf = this.term.buffer.active;
    return Array.from({ length: this.term.rows }, (_, y) => buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
  }

  dispose(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.term.dispose();
  }
}
