/**
 * Sits between Ink and one client: Ink writes whole frames into a terminal
 * emulator kept in the daemon, and the client is sent only the cells that
 * changed since the last frame it got, placed with absolute cursor moves.
 *
 * Why: Ink 6 repaints every line of its output (or clears the whole screen once
 * the output fills the terminal), which over SSH is a screen of bytes per key.
 * Frames that come while the client is not draining are skipped, since the next
 * diff is against what the client last received, not against the last frame.
 * Emits 'flushed' each time the client was brought up to date.
 */
import { Writable } from 'node:stream';
import xterm from '@xterm/headless';
import { readLine } from './screen-cells.js';

const CSI = '\u001b[';

/** A cell of the client's screen (0-based). */
export interface CursorPosition {
  x: number;
  y: number;
}

export interface ScreenDiffStats {
  frames: number;
  bytes: number;
}

export class ScreenDiffStream extends Writable {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly stats: ScreenDiffStats = { frames: 0, bytes: 0 };
  private readonly term: xterm.Terminal;
  /** What the client shows, one key per cell ('' for the right half of a wide glyph); null: unknown. */
  private sent: string[][] | null = null;
  private parsing = 0;
  private flushQueued = false;
  private waitingForDrain = false;
  private stopped = false;
  /** Where the client's real cursor should be after each frame; null: hidden. */
  private cursor: CursorPosition | null = null;
  /** Whether the client's cursor is shown; undefined before the first frame. */
  private cursorShown: boolean | undefined;
  /** Where the client's cursor is after what it was sent; null: unknown. */
  private clientCursor: CursorPosition | null = null;

  constructor(private readonly client: NodeJS.WriteStream) {
    super({ decodeStrings: false });
    this.columns = client.columns || 80;
    this.rows = client.rows || 24;
    // Ink writes bare \n, as for a tty that turns it into \r\n (ONLCR).
    this.term = new xterm.Terminal({ cols: this.columns, rows: this.rows, allowProposedApi: true, convertEol: true, scrollback: 0 });
    client.on('resize', this.onClientResize);
  }

  /** The screen as the daemon holds it, for tests and for a client that asks for a redraw. */
  screenLines(): string[] {
    const buffer = this.term.buffer.active;
    return Array.from({ length: this.rows }, (_, y) => buffer.getLine(y)?.translateToString(true) ?? '');
  }

  /**
   * Shows the client's real cursor at `pos` after every frame (a pane's
   * program's cursor), or hides it (null). The cursor is placed after the
   * frame's cells, so drawing never leaves it elsewhere.
   */
  setCursor(pos: CursorPosition | null): void {
    const same = pos === null ? this.cursor === null : this.cursor !== null && this.cursor.x === pos.x && this.cursor.y === pos.y;
    if (same) return;
    this.cursor = pos === null ? null : { x: pos.x, y: pos.y };
    this.queueFlush();
  }

  /** Sends the whole screen again on the next frame (after the client's screen was disturbed). */
  redraw(): void {
    this.sent = null;
    this.queueFlush();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.stopped) return done();
    this.parsing++;
    this.term.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'), () => {
      this.parsing--;
      if (this.parsing === 0) this.queueFlush();
    });
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.close();
    done(err);
  }

  /** Stops sending to the client; what Ink writes afterwards is dropped. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.client.off('resize', this.onClientResize);
    this.term.dispose();
  }

  private readonly onClientResize = (): void => {
    if (this.stopped) return;
    this.columns = this.client.columns || this.columns;
    this.rows = this.client.rows || this.rows;
    this.term.resize(this.columns, this.rows);
    // A terminal reflows or crops its content on resize: what it shows is unknown.
    this.sent = null;
    this.clientCursor = null;
    this.emit('resize');
    // Ink may find nothing to redraw; the client still needs its whole screen.
    this.queueFlush();
  };

  private queueFlush(): void {
    if (this.flushQueued || this.stopped) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.stopped || this.parsing > 0 || this.waitingForDrain) return;
    // A client that hung up is the daemon's to clean up; its frames go nowhere.
    if (this.client.destroyed || this.client.writableEnded) return this.close();
    if (this.client.writableNeedDrain) {
      this.waitingForDrain = true;
      this.client.once('drain', () => {
        this.waitingForDrain = false;
        this.queueFlush();
      });
      return;
    }
    const { cells, end } = this.diff();
    const out = cells + this.cursorMove(end);
    if (out !== '') {
      this.stats.frames++;
      this.stats.bytes += Buffer.byteLength(out);
      this.client.write(out);
    }
    this.emit('flushed');
  }

  /**
   * What puts the real cursor where it should be once a frame's cells are
   * drawn (`end`: where drawing left it, null if nothing was drawn).
   */
  private cursorMove(end: CursorPosition | null): string {
    const c = this.cursor;
    const at = end ?? this.clientCursor;
    if (c === null || c.x < 0 || c.y < 0 || c.x >= this.columns || c.y >= this.rows) {
      this.clientCursor = at;
      if (this.cursorShown === false) return '';
      this.cursorShown = false;
      return `${CSI}?25l`;
    }
    let out = at !== null && at.x === c.x && at.y === c.y ? '' : `${CSI}${c.y + 1};${c.x + 1}H`;
    if (this.cursorShown !== true) out += `${CSI}?25h`;
    this.cursorShown = true;
    this.clientCursor = { x: c.x, y: c.y };
    return out;
  }

  private diff(): { cells: string; end: CursorPosition | null } {
    const buffer = this.term.buffer.active;
    const full = this.sent === null;
    const previous = this.sent ?? [];
    const next: string[][] = [];
    let out = full ? `${CSI}0m${CSI}2J` : '';
    let sgr = full ? `${CSI}0m` : '';
    let cursor: { x: number; y: number } | null = null;
    for (let y = 0; y < this.rows; y++) {
      const row = readLine(buffer, y, this.columns);
      const keys: string[] = [];
      for (let x = 0; x < row.length; x++) {
        const c = row[x];
        if (!c || c.width === 0) {
          keys.push('');
          continue;
        }
        const key = `${c.sgr}\u0000${c.chars}`;
        keys.push(key);
        if (!full && previous[y]?.[x] === key) continue;
        if (cursor === null || cursor.x !== x || cursor.y !== y) out += `${CSI}${y + 1};${x + 1}H`;
        if (c.sgr !== sgr) {
          out += c.sgr;
          sgr = c.sgr;
        }
        out += c.chars;
        cursor = { x: x + c.width, y };
      }
      next.push(keys);
    }
    this.sent = next;
    return cursor === null && !full ? { cells: '', end: null } : { cells: `${out}${CSI}0m`, end: cursor ?? { x: 0, y: 0 } };
  }
}
