/**
 * Reads lines that C tools wrote with printf, by the very format string they
 * used. Matching the layout column for column (not just splitting on blanks)
 * is what lets the simulated host's output be checked against real xl.
 *
 * Supported: literal text, %%, and %[-][width][.precision][l|ll|h|hh]conv with
 * conv one of s d i u x c f. Width is a minimum, as in C: a longer value
 * pushes the rest of the line to the right.
 */

interface Conversion {
  kind: 'conv';
  leftAlign: boolean;
  width: number;
  precision: number | undefined;
  conv: string;
}
type Piece = { kind: 'literal'; text: string } | Conversion;

const compiled = new Map<string, Piece[]>();
const regexps = new Map<string, RegExp>();

/** Regexps are built once per pattern; the sticky ones get lastIndex set before each use. */
function regexp(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = regexps.get(key);
  if (!re) {
    re = new RegExp(source, flags);
    regexps.set(key, re);
  }
  return re;
}

function compile(format: string): Piece[] {
  const cached = compiled.get(format);
  if (cached) return cached;
  const pieces: Piece[] = [];
  const spec = /%(-?)(\d*)(?:\.(\d+))?(?:hh|h|ll|l)?([sdiuxcf%])/g;
  let at = 0;
  for (const m of format.matchAll(spec)) {
    if (m.index > at) pieces.push({ kind: 'literal', text: format.slice(at, m.index) });
    at = m.index + m[0].length;
    if (m[4] === '%') {
      pieces.push({ kind: 'literal', text: '%' });
      continue;
    }
    pieces.push({
      kind: 'conv',
      leftAlign: m[1] === '-',
      width: m[2] ? Number(m[2]) : 0,
      precision: m[3] === undefined ? undefined : Number(m[3]),
      conv: m[4] ?? 's',
    });
  }
  if (at < format.length) pieces.push({ kind: 'literal', text: format.slice(at) });
  compiled.set(format, pieces);
  return pieces;
}

function defaultPattern(c: Conversion): string {
  switch (c.conv) {
    case 'd':
    case 'i':
      return '-?\\d+';
    case 'u':
      return '\\d+';
    case 'x':
      return '[0-9a-f]+';
    case 'c':
      return '\\S';
    case 'f':
      return `-?\\d+\\.\\d{${c.precision ?? 6}}`;
    default:
      return '\\S+';
  }
}

export type ScanResult = { ok: true; values: string[] } | { ok: false; column: number };

/**
 * A value that may hold blanks, such as a domain name: each prefix of its
 * longest match that ends before a blank (or the line's end) and wholly
 * matches is tried, longest first, until the rest of the line fits.
 */
export interface AnyLength {
  anyLength: RegExp;
}
export type ValuePattern = RegExp | AnyLength;

/** A name as xl and xentop print it: xl does not forbid single blanks inside one. */
export const NAME_VALUE: AnyLength = { anyLength: /\S+(?: \S+)*/ };

interface Taken {
  value: string;
  end: number;
}

/**
 * Matches `line` against `format` and returns the text of each conversion,
 * unpadded. `patterns[i]` replaces the value pattern of the i-th conversion
 * (for values with blanks such as xentop's "no limit"). On failure, column is
 * the 1-based position where the match could get no further.
 */
export function scanPrintf(format: string, line: string, patterns: readonly (ValuePattern | undefined)[] = []): ScanResult {
  const pieces = compile(format);
  let furthest = 0;
  const scan = (i: number, pos: number, conv: number): string[] | null => {
    furthest = Math.max(furthest, pos);
    const piece = pieces[i];
    if (piece === undefined) return pos === line.length ? [] : null;
    if (piece.kind === 'literal') return line.startsWith(piece.text, pos) ? scan(i + 1, pos + piece.text.length, conv) : null;
    for (const taken of candidates(line, pos, piece, patterns[conv])) {
      const rest = scan(i + 1, taken.end, conv + 1);
      if (rest) return [taken.value, ...rest];
    }
    return null;
  };
  const values = scan(0, 0, 0);
  return values ? { ok: true, values } : { ok: false, column: furthest + 1 };
}

/** The ways the conversion at `pos` can be read; one at most unless its pattern is AnyLength. */
function candidates(line: string, pos: number, piece: Conversion, pattern: ValuePattern | undefined): Taken[] {
  if (pattern === undefined || pattern instanceof RegExp) {
    const value = regexp(pattern?.source ?? defaultPattern(piece), 'y');
    const taken = piece.leftAlign ? takeLeft(line, pos, piece.width, value) : takeRight(line, pos, piece.width, value);
    return taken ? [taken] : [];
  }
  const longest = regexp(pattern.anyLength.source, 'y');
  const whole = regexp(`^(?:${pattern.anyLength.source})$`, '');
  const out: Taken[] = [];
  for (let start = pos; ; start++) {
    const max = matchAt(line, start, longest)?.length ?? 0;
    for (let end = start + max; end > start; end--) {
      if (end < line.length && line[end] !== ' ') continue;
      const value = line.slice(start, end);
      if (!whole.test(value)) continue;
      const pad = Math.max(0, piece.width - value.length);
      if (piece.leftAlign && line.slice(end, end + pad) === ' '.repeat(pad)) out.push({ value, end: end + pad });
      if (!piece.leftAlign && start - pos === pad) out.push({ value, end });
    }
    if (piece.leftAlign || line[start] !== ' ') return out;
  }
}

function matchAt(line: string, at: number, value: RegExp): string | null {
  value.lastIndex = at;
  const m = value.exec(line);
  return m ? m[0] : null;
}

function takeRight(line: string, pos: number, width: number, value: RegExp): Taken | null {
  // The value may itself start with blanks (xl's "%2d:%02d"), so try every
  // split of the leading blanks and keep the one the width accounts for.
  for (let start = pos; ; start++) {
    const v = matchAt(line, start, value);
    if (v !== null && start - pos === Math.max(0, width - v.length)) return { value: v, end: start + v.length };
    if (line[start] !== ' ') return null;
  }
}

function takeLeft(line: string, pos: number, width: number, value: RegExp): Taken | null {
  const v = matchAt(line, pos, value);
  if (v === null) return null;
  const pad = Math.max(0, width - v.length);
  const end = pos + v.length + pad;
  if (line.slice(pos + v.length, end) !== ' '.repeat(pad)) return null;
  return { value: v, end };
}

/** Renders `format` with string arguments (enough for the header lines the tools print). */
export function formatPrintf(format: string, args: readonly string[]): string {
  let i = 0;
  return compile(format)
    .map((piece) => {
      if (piece.kind === 'literal') return piece.text;
      const arg = args[i++] ?? '';
      return piece.leftAlign ? arg.padEnd(piece.width) : arg.padStart(piece.width);
    })
    .join('');
}
