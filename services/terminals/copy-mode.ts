/**
 * Copy mode (tmux's copy-mode with its vi keys) over a frozen copy of a
 * pane's lines, history first: a cursor that moves and scrolls the view,
 * search forward and backward, and a selection whose text is what gets
 * copied. Keys are raw bytes, as the input router has them.
 */
import { firstKey } from '../../tui/prefix-keys.js';
import type { CopyRow } from '../../tui/workspace-api.js';

export interface CopyLine {
  /** One entry per cell: its characters, '' for the right half of a wide character. */
  cells: readonly string[];
  /** The line continues the one above: the program's text wrapped at the pane's edge. */
  wrapped: boolean;
}

export interface CopyPoint {
  line: number;
  col: number;
}

export type CopyOutcome = { kind: 'stay' } | { kind: 'exit' } | { kind: 'copy'; text: string };

type Direction = 'forward' | 'backward';

const ESC = '\x1b';
const STAY: CopyOutcome = { kind: 'stay' };

/** Keys that move the cursor: raw bytes to a motion. */
const MOTIONS: Readonly<Record<string, (m: CopyMode) => void>> = {
  h: (m) => m.moveTo(m.cursor.line, m.cursor.col - 1),
  l: (m) => m.moveTo(m.cursor.line, m.cursor.col + 1),
  k: (m) => m.moveTo(m.cursor.line - 1, m.cursor.col),
  j: (m) => m.moveTo(m.cursor.line + 1, m.cursor.col),
  [`${ESC}[D`]: (m) => m.moveTo(m.cursor.line, m.cursor.col - 1),
  [`${ESC}[C`]: (m) => m.moveTo(m.cursor.line, m.cursor.col + 1),
  [`${ESC}[A`]: (m) => m.moveTo(m.cursor.line - 1, m.cursor.col),
  [`${ESC}[B`]: (m) => m.moveTo(m.cursor.line + 1, m.cursor.col),
  [`${ESC}[5~`]: (m) => m.page(-1),
  [`${ESC}[6~`]: (m) => m.page(1),
  '\x02': (m) => m.page(-1),
  '\x06': (m) => m.page(1),
  '\x15': (m) => m.page(-0.5),
  '\x04': (m) => m.page(0.5),
  g: (m) => m.moveTo(0, 0),
  G: (m) => m.moveTo(m.lineCount - 1, 0),
  [`${ESC}[H`]: (m) => m.moveTo(m.cursor.line, 0),
  [`${ESC}[F`]: (m) => m.moveTo(m.cursor.line, m.lastColumn(m.cursor.line)),
  w: (m) => m.word(1),
  b: (m) => m.word(-1),
  '0': (m) => m.moveTo(m.cursor.line, 0),
  $: (m) => m.moveTo(m.cursor.line, m.lastColumn(m.cursor.line)),
};

export class CopyMode {
  cursor: CopyPoint;
  /** Where the selection started; null while there is none. */
  anchor: CopyPoint | null = null;
  /** The first line shown. */
  top: number;
  /** The search being typed after / or ?. */
  prompt: { direction: Direction; text: string } | null = null;
  /** What the last key could not do ("not found: x"), until the next key. */
  message: string | null = null;
  private lastSearch: { direction: Direction; text: string } | null = null;

  constructor(
    private readonly lines: readonly CopyLine[],
    private rows: number,
    private readonly cols: number,
    cursor: CopyPoint,
  ) {
    this.top = this.maxTop;
    this.cursor = { line: 0, col: 0 };
    this.moveTo(cursor.line, cursor.col);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** Lines of history above the screen's last page. */
  get maxTop(): number {
    return Math.max(0, this.lines.length - this.rows);
  }

  /** tmux's position indicator: lines scrolled back, of how many. */
  get position(): string {
    return `[${this.maxTop - this.top}/${this.maxTop}]`;
  }

  /** The pane's height changed: the view keeps the cursor in sight. */
  resize(rows: number): void {
    this.rows = Math.max(1, rows);
    this.top = Math.min(this.top, this.maxTop);
    this.reveal();
  }

  /** Handles raw input (one or more keys); the last outcome that is not `stay` wins. */
  input(raw: string): CopyOutcome {
    let rest = raw;
    while (rest !== '') {
      const k = firstKey(rest);
      rest = rest.slice(k.length);
      const outcome = this.key(k);
      if (outcome.kind !== 'stay') return outcome;
    }
    return STAY;
  }

  key(k: string): CopyOutcome {
    this.message = null;
    if (this.prompt) return this.promptKey(this.prompt, k);
    const motion = MOTIONS[k];
    if (motion) {
      motion(this);
      return STAY;
    }
    switch (k) {
      case 'q':
      case ESC:
        return { kind: 'exit' };
      case ' ':
      case 'v':
        this.anchor = { ...this.cursor };
        return STAY;
      case '\r':
      case 'y':
        return this.anchor === null ? { kind: 'exit' } : { kind: 'copy', text: this.selectedText() };
      case '/':
        this.prompt = { direction: 'forward', text: '' };
        return STAY;
      case '?':
        this.prompt = { direction: 'backward', text: '' };
        return STAY;
      case 'n':
      case 'N':
        if (!this.lastSearch) this.message = 'no search yet: / or ? starts one';
        else this.search(k === 'n' ? this.lastSearch.direction : opposite(this.lastSearch.direction), this.lastSearch.text);
        return STAY;
      default:
        return STAY;
    }
  }

  moveTo(line: number, col: number): void {
    this.cursor = { line: clamp(line, 0, this.lines.length - 1), col: clamp(col, 0, this.cols - 1) };
    this.reveal();
  }

  /** Scrolls by `pages` of the view (negative: back in history), the cursor staying on its row of the view. */
  page(pages: number): void {
    const by = Math.trunc(pages * this.rows) || Math.sign(pages);
    const top = clamp(this.top + by, 0, this.maxTop);
    const line = this.cursor.line + (top - this.top || by);
    this.top = top;
    this.moveTo(line, this.cursor.col);
  }

  /** To the start of the next (1) or this or the previous (-1) word: a run of non-blank cells, as vi's W and B. */
  word(direction: 1 | -1): void {
    const blank = (line: number, col: number): boolean => {
      const c = this.lines[line]?.cells[col];
      return c === undefined || c === ' ' || c === '';
    };
    const end = this.lines.length * this.cols;
    for (let at = this.cursor.line * this.cols + this.cursor.col + direction; at >= 0 && at < end; at += direction) {
      const line = Math.floor(at / this.cols);
      const col = at % this.cols;
      if (!blank(line, col) && (col === 0 || blank(line, col - 1))) {
        this.moveTo(line, col);
        return;
      }
    }
  }

  /** The column after the last non-blank cell of a line, at most the last column. */
  lastColumn(line: number): number {
    const cells = this.lines[line]?.cells ?? [];
    let x = cells.length - 1;
    while (x > 0 && (cells[x] === ' ' || cells[x] === '')) x--;
    return x;
  }

  /** The rows of the view, top to bottom. */
  view(): CopyRow[] {
    const [start, end] = this.selection() ?? [null, null];
    return Array.from({ length: this.rows }, (_, r) => {
      const y = this.top + r;
      const line = this.lines[y];
      let selected: CopyRow['selected'] = null;
      if (line && start && end && y >= start.line && y <= end.line) {
        selected = { from: y === start.line ? start.col : 0, to: y === end.line ? end.col : this.cols - 1 };
      }
      return { cells: line?.cells ?? [], selected, cursor: y === this.cursor.line ? this.cursor.col : null };
    });
  }

  /**
   * The selection's text: each line's selected cells, lines that wrapped
   * joined as the program wrote them, trailing blanks of the others dropped.
   */
  selectedText(): string {
    const range = this.selection();
    if (!range) return '';
    const [start, end] = range;
    let out = '';
    for (let y = start.line; y <= end.line; y++) {
      const cells = this.lines[y]?.cells ?? [];
      let to = y === end.line ? end.col : cells.length - 1;
      // A wide character whose left half is selected comes whole.
      if (cells[to + 1] === '') to++;
      const text = cells.slice(y === start.line ? start.col : 0, to + 1).join('');
      const continues = y < end.line && this.lines[y + 1]?.wrapped === true;
      out += continues ? text : text.trimEnd() + (y < end.line ? '\n' : '');
    }
    return out;
  }

  private selection(): [CopyPoint, CopyPoint] | null {
    if (!this.anchor) return null;
    const a = this.anchor;
    const b = this.cursor;
    return a.line < b.line || (a.line === b.line && a.col <= b.col) ? [a, b] : [b, a];
  }

  private promptKey(prompt: { direction: Direction; text: string }, k: string): CopyOutcome {
    if (k === ESC) this.prompt = null;
    else if (k === '\r') {
      this.prompt = null;
      if (prompt.text !== '') {
        this.lastSearch = { ...prompt };
        this.search(prompt.direction, prompt.text);
      }
    } else if (k === '\x7f' || k === '\b') prompt.text = [...prompt.text].slice(0, -1).join('');
    else if (!k.startsWith(ESC) && k >= ' ') prompt.text += k;
    return STAY;
  }

  /** Moves the cursor to the next match of `text` that way from it, wrapping around the history. */
  private search(direction: Direction, text: string): void {
    const n = this.lines.length;
    const from = this.cursor;
    for (let i = 0; i <= n; i++) {
      const y = direction === 'forward' ? (from.line + i) % n : (from.line - i + n) % n;
      const cols = matchColumns(this.lines[y]?.cells ?? [], text);
      const here = i === 0 ? cols.filter((c) => (direction === 'forward' ? c > from.col : c < from.col)) : i === n ? cols.filter((c) => (direction === 'forward' ? c <= from.col : c >= from.col)) : cols;
      const col = direction === 'forward' ? here[0] : here[here.length - 1];
      if (col !== undefined) {
        this.moveTo(y, col);
        return;
      }
    }
    this.message = `not found: ${text}`;
  }

  private reveal(): void {
    if (this.cursor.line < this.top) this.top = this.cursor.line;
    else if (this.cursor.line >= this.top + this.rows) this.top = this.cursor.line - this.rows + 1;
    this.top = clamp(this.top, 0, this.maxTop);
  }
}

/** The cell columns where `text` starts in a line. */
function matchColumns(cells: readonly string[], text: string): number[] {
  let joined = '';
  const cellOf: number[] = [];
  cells.forEach((c, x) => {
    for (let i = 0; i < c.length; i++) cellOf.push(x);
    joined += c;
  });
  const out: number[] = [];
  for (let at = joined.indexOf(text); at >= 0; at = joined.indexOf(text, at + 1)) out.push(cellOf[at] ?? 0);
  return out;
}

function opposite(d: Direction): Direction {
  return d === 'forward' ? 'backward' : 'forward';
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}
