/**
 * Sits between Ink and one client: Ink writes whole frames into a terminal
 * emulator kept in the daemon, and the client is sent only the cells that
 * changed since the last frame it got, with the shortest cursor moves and
 * style changes only where the style changes.
 *
 * Why: Ink 6 repaints every line of its output (or clears the whole screen once
 * the output fills the terminal), which over SSH is a screen of bytes per key.
 * Frames that come while the client is not draining are skipped, since the next
 * diff is against what the client last received, not against the last frame.
 * Emits 'flushed' each time the client was brought up to date.
 *
 * With `frames` (Ink's debug mode, where each write is the whole frame as
 * lines), only the lines that differ from the previous frame are parsed and
 * only those rows are compared cell by cell: a key that changes two rows of a
 * 200x50 screen costs two rows, not ten thousand cells.
 */
import { Writable } from 'node:stream';
import xterm from '@xterm/headless';
import type { CursorPosition } from './cursor-motion.js';
import { cursorMotion } from './cursor-motion.js';
import { readLine } from './screen-cells.js';

export type { CursorPosition } from './cursor-motion.js';

const CSI = '\u001b[';
const RESET = `${CSI}0m`;

export interface ScreenDiffStats {
  frames: number;
  bytes: number;
}

/** Whole rows drawn straight into the screen instead of Ink's. */
export interface ScreenRegion {
  /** The row of Ink's frame where the region starts. */
  top: number;
  /** One line per row from `top`, styled with SGR sequences only. */
  lines: readonly string[];
  /**
   * Ink has no rows for the region (a box of no height): its rows from `top`
   * on come after the region's. Otherwise the region is drawn over Ink's rows.
   */
  inserted: boolean;
}

export interface ScreenDiffOptions {
  /** Each write is a whole frame, lines separated by \n (Ink's debug mode). */
  frames?: boolean;
}

export class ScreenDiffStream extends Writable {
  readonly isTTY = true;
  columns: number;
  rows: number;
  readonly stats: ScreenDiffStats = { frames: 0, bytes: 0 };
  private readonly term: xterm.Terminal;
  /** Each write is a whole frame of lines (see ScreenDiffOptions). */
  readonly frames: boolean;
  /** What the client shows, one key per cell ('' for the right half of a wide glyph); null: unknown. */
  private sent: string[][] | null = null;
  /** Rows of the model that may differ from `sent`. */
  private dirty: Set<number> | 'all' = 'all';
  /** In frames mode, the lines of Ink's last frame. */
  private inkLines: string[] = [];
  /** Rows drawn over Ink's (see setRegion), by their owner. */
  private readonly regions = new Map<object, ScreenRegion>();
  /** In frames mode, the line last parsed into each row of the model. */
  private modelLines: string[] = [];
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
  /** The style the client draws in after what it was sent (an SGR from a reset); null: unknown. */
  private clientSgr: string | null = null;

  constructor(
    private readonly client: NodeJS.WriteStream,
    options: ScreenDiffOptions = {},
  ) {
    super({ decodeStrings: false });
    this.frames = options.frames ?? false;
    this.columns = client.columns || 80;
    this.rows = client.rows || 24;
    // Ink writes bare \n, as for a tty that turns it into \r\n (ONLCR).
    this.term = new xterm.Terminal({ cols: this.columns, rows: this.rows, allowProposedApi: true, convertEol: true, scrollback: 0 });
    // A frame line that is too long must not wrap into the next row, which would not be marked as changed.
    if (this.frames) this.term.write(`${CSI}?7l`);
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
    this.clientCursor = null;
    this.queueFlush();
  }

  /**
   * Draws whole rows instead of Ink's, or stops (null): for large parts of
   * the screen built as lines anyway (the qube table, the panes), which Ink
   * would otherwise measure and re-parse cell by cell on every frame. Frames
   * mode only. `owner` tells regions apart.
   */
  setRegion(owner: object, region: ScreenRegion | null): void {
    if (!this.frames || this.stopped) return;
    if (region === null) this.regions.delete(owner);
    else this.regions.set(owner, { ...region, lines: [...region.lines] });
    this.parse(this.changedLines());
  }

  /** The screen's lines: Ink's frame, regions drawn over it, then regions inserted into it (lowest first, so each lands at its own row of Ink's). */
  private composed(): string[] {
    const lines = [...this.inkLines];
    const regions = [...this.regions.values()];
    for (const r of regions) if (!r.inserted) r.lines.forEach((l, i) => (lines[r.top + i] = l));
    for (const r of regions.filter((x) => x.inserted).sort((a, b) => b.top - a.top)) lines.splice(r.top, 0, ...r.lines);
    return lines;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.stopped) return done();
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (!this.frames) {
      this.dirty = 'all';
      this.parse(text);
      // Ink's last write on exit is empty: no frame.
    } else if (text !== '') {
      this.inkLines = text.split('\n');
      this.parse(this.changedLines());
    }
    done();
  }

  /** Into the model, then to the client; an unchanged frame still ends in a (cheap, empty) flush. */
  private parse(data: string): void {
    if (data === '') return this.queueFlush();
    this.parsing++;
    // xterm parses the first write after user input at once (for a typed
    // character's echo) instead of on its next timer tick, a millisecond or
    // more later: a frame is treated the same way, so it goes out in this turn.
    this.term.input('', true);
    this.term.write(data, () => {
      this.parsing--;
      if (this.parsing === 0) this.queueFlush();
    });
  }

  /** What rewrites the rows whose line (Ink's, or the region's over it) is not what the model holds; those rows marked dirty. */
  private changedLines(): string {
    const lines = this.composed();
    let out = '';
    for (let y = 0; y < this.rows; y++) {
      const line = lines[y] ?? '';
      if (this.modelLines[y] === line) continue;
      this.modelLines[y] = line;
      if (this.dirty !== 'all') this.dirty.add(y);
      out += `${CSI}${y + 1}H${RESET}${CSI}2K${line}`;
    }
    return out === '' ? '' : out + RESET;
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
    this.modelLines = [];
    this.dirty = 'all';
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
    const out = this.diff() + this.cursorMove();
    if (out !== '') {
      this.stats.frames++;
      this.stats.bytes += Buffer.byteLength(out);
      this.client.write(out);
    }
    this.emit('flushed');
  }

  /** What puts the real cursor where it should be once a frame's cells are drawn, or hides it. */
  private cursorMove(): string {
    const c = this.cursor;
    if (c === null || c.x < 0 || c.y < 0 || c.x >= this.columns || c.y >= this.rows) {
      if (this.cursorShown === false) return '';
      this.cursorShown = false;
      return `${CSI}?25l`;
    }
    let out = cursorMotion(this.clientCursor, c, this.columns);
    if (this.cursorShown !== true) out += `${CSI}?25h`;
    this.cursorShown = true;
    this.clientCursor = { x: c.x, y: c.y };
    return out;
  }

  /** The bytes that bring the client's cells up to date with the model; the client's cursor and style follow. */
  private diff(): string {
    const buffer = this.term.buffer.active;
    const full = this.sent === null;
    const previous = this.sent ?? [];
    const rows = full || this.dirty === 'all' ? null : this.dirty;
    const next: string[][] = [];
    let out = '';
    if (full) {
      out = `${RESET}${CSI}2J`;
      this.clientSgr = RESET;
    }
    let sgr = this.clientSgr;
    let at = this.clientCursor;
    for (let y = 0; y < this.rows; y++) {
      const kept = previous[y];
      if (rows !== null && !rows.has(y) && kept) {
        next.push(kept);
        continue;
      }
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
        if (!full && kept?.[x] === key) continue;
        out += cursorMotion(at, { x, y }, this.columns);
        if (c.sgr !== sgr) {
          out += c.sgr;
          sgr = c.sgr;
        }
        out += c.chars;
        at = { x: x + c.width, y };
      }
      next.push(keys);
    }
    this.sent = next;
    this.dirty = new Set();
    this.clientCursor = at;
    this.clientSgr = sgr;
    return out;
  }
}
