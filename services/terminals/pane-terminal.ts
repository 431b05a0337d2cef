/**
 * What a pane shows: a program in a pty (a qube's console or a dom0 shell),
 * held by the daemon so it outlives clients, and a headless xterm that parses
 * every byte it writes. The screen model is the pane's only output: the
 * renderer copies its cells, so no escape sequence from the program reaches
 * a client. Terminal queries (cursor position, device attributes) are
 * answered by the model, as a real terminal would.
 */
import xtermHeadless from '@xterm/headless';
import type { Terminal as XTerminal } from '@xterm/headless';
import { Listeners } from '../../xen-bridge/listeners.js';
import type { ConsoleTerminalOptions } from '../../xen-bridge/console-terminal.js';
import { consoleSource, ShellSource, type PtyExit, type PtySource, type ShellOptions } from './pty-source.js';
import { readLine, styledLine, type ScreenCell } from '../../tui/screen-cells.js';
import type { CopyLine, CopyPoint } from './copy-mode.js';

const { Terminal } = xtermHeadless;

export type { PtyExit } from './pty-source.js';

export interface PaneTerminalOptions {
  cols: number;
  rows: number;
  /** Lines kept above the screen for copy mode. */
  scrollback?: number;
  /** Change notifications come at most this often (default ~60 per second). */
  changeIntervalMs?: number;
}

/** The modes a program set that decide how keys and pastes are encoded for it. */
export interface TerminalModes {
  applicationCursorKeys: boolean;
  applicationKeypad: boolean;
  bracketedPaste: boolean;
  mouseTracking: 'none' | 'x10' | 'vt200' | 'drag' | 'any';
  cursorVisible: boolean;
}

export interface ScreenSnapshot {
  cols: number;
  rows: number;
  cursor: { x: number; y: number; visible: boolean };
  /** The visible rows, top to bottom. */
  lines: ScreenCell[][];
  /** Whether the program switched to the alternate screen (vim, less). */
  alternateScreen: boolean;
}

/** OSC 0/1/2 set titles, 52 reads or writes the clipboard: consumed here and dropped. */
const TITLE_OSC = [0, 1, 2];
const CLIPBOARD_OSC = 52;
/** Bytes handed to the model but not yet parsed, above which the program is paused. */
const HIGH_WATER = 1 << 20;
/**
 * A pane that parsed more than this between two change notifications is
 * flooding: it is drawn at most every FLOOD_INTERVAL_MS until it calms down,
 * so drawing it does not take the time its parsing (and every other pane)
 * needs. 32 KiB is three screens of a 200x50 pane: more than anyone reads
 * between two frames.
 */
const FLOOD_BYTES = 1 << 15;
const FLOOD_INTERVAL_MS = 100;

export class PaneTerminal {
  readonly command: readonly string[];
  /** Sequences the program sent that were dropped, by kind (the UI may tell the user a qube tried). */
  readonly swallowed = { title: 0, clipboard: 0 };
  private readonly term: XTerminal;
  private readonly changes = new Listeners<void>();
  private readonly exits = new Listeners<PtyExit>();
  private readonly changeIntervalMs: number;
  private readonly unsubscribe: Array<() => void> = [];
  /** Cancels the change notification on its way; null when none is. */
  private pendingChange: (() => void) | null = null;
  private lastChange = 0;
  private parsedSinceChange = 0;
  /** Whether the last notification came after more than FLOOD_BYTES. */
  private flooding = false;
  private pending = 0;
  private paused = false;
  private cursorVisible = true;
  private exitInfo: PtyExit | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly source: PtySource,
    opts: PaneTerminalOptions,
  ) {
    this.command = source.command;
    this.changeIntervalMs = opts.changeIntervalMs ?? 16;
    this.term = new Terminal({ cols: opts.cols, rows: opts.rows, scrollback: opts.scrollback ?? 5000, allowProposedApi: true });
    for (const id of TITLE_OSC) this.term.parser.registerOscHandler(id, () => ++this.swallowed.title > 0);
    this.term.parser.registerOscHandler(CLIPBOARD_OSC, () => ++this.swallowed.clipboard > 0);
    // DECTCEM is not in the model's public state: follow it as it passes.
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'h' }, (params) => {
      if (params.includes(25)) this.cursorVisible = true;
      return false;
    });
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) => {
      if (params.includes(25)) this.cursorVisible = false;
      return false;
    });
    // The model's replies to queries go back to the program, like a terminal's.
    const replies = this.term.onData((data) => this.source.write(data));
    this.unsubscribe.push(() => replies.dispose());
    this.unsubscribe.push(source.onData((data) => this.feed(data)));
    this.unsubscribe.push(
      source.onExit((exit) => {
        this.exitInfo = exit;
        this.exits.emit(exit);
      }),
    );
  }

  /** A qube's console (`xl console -t pv NAME`); throws XenError for a bad name or a missing xl. */
  static forConsole(opts: ConsoleTerminalOptions & PaneTerminalOptions): PaneTerminal {
    return new PaneTerminal(consoleSource(opts), opts);
  }

  /** A dom0 shell ($SHELL -l by default) or another program given as an argument array. */
  static forShell(opts: ShellOptions & PaneTerminalOptions): PaneTerminal {
    return new PaneTerminal(new ShellSource(opts), opts);
  }

  get pid(): number {
    return this.source.pid;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** How the program ended, or null while it runs. */
  get exit(): PtyExit | null {
    return this.exitInfo;
  }

  get modes(): TerminalModes {
    const m = this.term.modes;
    return {
      applicationCursorKeys: m.applicationCursorKeysMode,
      applicationKeypad: m.applicationKeypadMode,
      bracketedPaste: m.bracketedPasteMode,
      mouseTracking: m.mouseTrackingMode,
      cursorVisible: this.cursorVisible,
    };
  }

  /**
   * Input for the program (already encoded: see key-encoder.ts). It goes as
   * the model's user input, which reaches the program through onData like
   * the model's replies; xterm then parses the next output (the echo) at
   * once rather than on its next timer tick.
   */
  write(data: string): void {
    if (this.closing === null) this.term.input(data, true);
  }

  resize(cols: number, rows: number): void {
    if (this.closing !== null || (cols === this.term.cols && rows === this.term.rows)) return;
    this.term.resize(cols, rows);
    this.source.resize(cols, rows);
    this.changed();
  }

  /** Called when the screen changed, at most every changeIntervalMs. Returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    return this.changes.add(fn);
  }

  onExit(fn: (exit: PtyExit) => void): () => void {
    return this.exits.add(fn);
  }

  /** The cells of a visible row (0 is the top of the screen). */
  cells(row: number): ScreenCell[] {
    const buf = this.term.buffer.active;
    return readLine(buf, buf.baseY + row, this.term.cols);
  }

  /** A visible row drawn `width` cells wide, as the renderer draws its cells (see styledLine). */
  line(row: number, width: number): string {
    const buf = this.term.buffer.active;
    return styledLine(buf, buf.baseY + row, width);
  }

  /** The program's cursor on the visible screen (cheap: a frame needs it without reading the screen). */
  get cursor(): ScreenSnapshot['cursor'] {
    const buf = this.term.buffer.active;
    return { x: buf.cursorX, y: buf.cursorY, visible: this.cursorVisible };
  }

  snapshot(): ScreenSnapshot {
    const buf = this.term.buffer.active;
    return {
      cols: this.term.cols,
      rows: this.term.rows,
      cursor: this.cursor,
      lines: Array.from({ length: this.term.rows }, (_, y) => readLine(buf, buf.baseY + y, this.term.cols)),
      alternateScreen: buf.type === 'alternate',
    };
  }

  /** The visible rows as text, trailing blanks trimmed. */
  text(): string[] {
    const buf = this.term.buffer.active;
    return Array.from({ length: this.term.rows }, (_, y) => buf.getLine(buf.baseY + y)?.translateToString(true) ?? '');
  }

  /**
   * A copy of every line of the shown screen, history first, and where the
   * program's cursor is in them: what copy mode shows, frozen while the
   * program goes on writing (tmux freezes its copy-mode view the same way).
   */
  copyLines(): { lines: CopyLine[]; cursor: CopyPoint } {
    const buf = this.term.buffer.active;
    const cell = buf.getNullCell();
    const lines: CopyLine[] = [];
    for (let y = 0; y < buf.length; y++) {
      const line = buf.getLine(y);
      const cells: string[] = [];
      for (let x = 0; x < this.term.cols; x++) {
        const c = line?.getCell(x, cell);
        cells.push(c === undefined ? ' ' : c.getWidth() === 0 ? '' : c.getChars() || ' ');
      }
      lines.push({ cells, wrapped: line?.isWrapped ?? false });
    }
    return { lines, cursor: { line: buf.baseY + buf.cursorY, col: buf.cursorX } };
  }

  /** Resolves once every byte received so far is in the model. */
  drain(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve));
  }

  /** Ends the program and everything it started; the model stays readable. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.source.close();
      for (const off of this.unsubscribe) off();
      this.pendingChange?.();
      this.changes.clear();
      this.exits.clear();
    })();
    return this.closing;
  }

  private feed(data: string): void {
    this.pending += data.length;
    if (!this.paused && this.pending > HIGH_WATER && this.source.pause) {
      this.paused = true;
      this.source.pause();
    }
    this.term.write(data, () => {
      this.pending -= data.length;
      this.parsedSinceChange += data.length;
      if (this.paused && this.pending < HIGH_WATER / 2) {
        this.paused = false;
        this.source.resume?.();
      }
      this.changed();
    });
  }

  private changed(): void {
    if (this.pendingChange || this.closing !== null) return;
    const interval = this.flooding ? Math.max(this.changeIntervalMs, FLOOD_INTERVAL_MS) : this.changeIntervalMs;
    const wait = this.lastChange + interval - Date.now();
    const notify = (): void => {
      this.pendingChange = null;
      this.lastChange = Date.now();
      this.flooding = this.parsedSinceChange > FLOOD_BYTES;
      this.parsedSinceChange = 0;
      this.changes.emit();
    };
    // A change after a quiet spell (an echo) is drawn at once: a timer, even of 0 ms, costs a millisecond or more.
    if (wait > 0) {
      const timer = setTimeout(notify, wait);
      this.pendingChange = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(notify);
      this.pendingChange = () => clearImmediate(immediate);
    }
  }
}
