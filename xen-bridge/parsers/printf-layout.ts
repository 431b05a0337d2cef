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
 * Matches `line` against `format` and returns the text of each conversion,
 * unpadded. `patterns[i]` replaces the value pattern of the i-th conversion
 * (for values with blanks such as xentop's "no limit").
 */
export function scanPrintf(format: string, line: string, patterns: readonly (RegExp | undefined)[] = []): ScanResult {
  const values: string[] = [];
  let pos = 0;
  for (const piece of compile(format)) {
    if (piece.kind === 'literal') {
      if (!line.startsWith(piece.text, pos)) return { ok: false, column: pos + 1 };
      pos += piece.text.length;
      continue;
    }
    const source = patterns[values.length]?.source ?? defaultPattern(piece);
    const value = new RegExp(source, 'y');
    const taken = piece.leftAlign ? takeLeft(line, pos, piece.width, value) : takeRight(line, pos, piece.width, value);
    if (taken === null) return { ok: false, column: pos + 1 };
    values.push(taken.value);
    pos = taken.end;
  }
  return pos === line.length ? { ok: true, values } : { ok: false, column: pos + 1 };
}

function matchAt(line: string, at: number, value: RegExp): string | null {
  value.lastIndex = at;
  const m = value.exec(line);
  return m ? m[0] : null;
}

function takeRight(line: string, pos: number, width: number, value: RegExp): { value: string; end: number } | null {
  // The value may itself start with blanks (xl's "%2d:%02d"), so try every
  // split of the leading blanks and keep the one the width accounts for.
  for (let start = pos; ; start++) {
    const v = matchAt(line, start, value);
    if (v !== null && start - pos === Math.max(0, width - v.length)) return { value: v, end: start + v.length };
    if (line[start] !== ' ') return null;
  }
}

function takeLeft(line: string, pos: number, width: number, value: RegExp): { value: string; end: number } | null {
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
