/**
 * Input generators for the fuzz targets: random text, and (mostly) real
 * inputs broken in small ways, since a parser's mistakes hide near the
 * inputs it accepts, not in uniform noise it refuses at the first byte.
 */
import fc from 'fast-check';

/** Fragments that tend to sit on a parser's edges: separators, quotes, signs, huge or odd numbers, control and non-BMP characters. */
const EDGE_FRAGMENTS = [
  ' ', '  ', '\t', '\n', '\r\n', '\n\n', '-', '--', '(', ')', '[', ']', '{', '}', '"', "'", '=', ',', ';', ':', '#', '\\', '*', '@', '!',
  '0', '-1', '1e309', '99999999999999999999', 'NaN', '0x', '.', '..', '\u0000', '\u001b[31m', '\u00e9', '\ud800', '\u{1f600}', '\u200b', '\u2028',
];

const fragment = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_FRAGMENTS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 1 },
);

type Edit = { kind: 'splice'; at: number; del: number; ins: string } | { kind: 'dupLine' | 'dropLine' | 'swapLines'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('splice' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(24), ins: fragment }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constantFrom('dupLine' as const, 'dropLine' as const, 'swapLines' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }), weight: 1 },
);

function applyEdit(text: string, e: Edit): string {
  if (e.kind === 'splice') {
    const at = Math.floor(e.at * text.length);
    return text.slice(0, at) + e.ins + text.slice(at + e.del);
  }
  const lines = text.split('\n');
  const i = Math.min(lines.length - 1, Math.floor(e.at * lines.length));
  if (e.kind === 'dupLine') lines.splice(i, 0, lines[i] ?? '');
  else if (e.kind === 'dropLine') lines.splice(i, 1);
  else if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1] ?? '', lines[i] ?? ''];
  return lines.join('\n');
}

/** A seed with up to eight random edits. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  if (seeds.length === 0) throw new Error('a fuzz target needs at least one seed input');
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 })).map(([seed, edits]) => edits.reduce(applyEdit, seed));
}

/** Lines built from the seeds' own words and edge fragments, in random order. */
function wordSoup(seeds: readonly string[]): fc.Arbitrary<string> {
  const words = [...new Set(seeds.flatMap((s) => s.split(/\s+/)).filter((w) => w !== ''))].slice(0, 400);
  const word = words.length > 0 ? fc.oneof(fc.constantFrom(...words), fragment) : fragment;
  const line = fc.array(word, { maxLength: 10 }).map((ws) => ws.join(' '));
  return fc.array(line, { maxLength: 12 }).map((ls) => ls.join('\n'));
}

/** What a text parser is fed: mostly broken seeds, some word soup, some noise. */
export function textInput(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: mutated(seeds), weight: 6 },
    { arbitrary: wordSoup(seeds), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 1 },
    { arbitrary: fc.constantFrom(...seeds), weight: 1 },
  );
}

/** Points at which to cut a stream into chunks (fractions of its length). */
export const cutPoints = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

/** `whole` cut at `cuts`; the pieces join back to `whole`. */
export function chunked<T extends { length: number; slice(start: number, end?: number): T }>(whole: T, cuts: readonly number[]): T[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * whole.length)))].sort((a, b) => a - b);
  const out: T[] = [];
  let from = 0;
  for (const a of at) {
    out.push(whole.slice(from, a));
    from = a;
  }
  out.push(whole.slice(from));
  return out;
}

/** A valid D-Bus struct value (as dbus-next decodes it: an array) with some fields replaced by anything. */
export function wireValue(valid: readonly unknown[]): fc.Arbitrary<unknown> {
  const replaced = fc
    .array(fc.tuple(fc.nat(valid.length - 1), fc.anything({ withBigInt: true, withTypedArray: true, maxDepth: 2 })), { minLength: 1, maxLength: 3 })
    .map((subs) => {
      const v = [...valid];
      for (const [i, x] of subs) v[i] = x;
      return v;
    });
  const resized = fc.tuple(fc.nat(valid.length + 2)).map(([n]) => [...valid, null, 'x'].slice(0, n));
  return fc.oneof(
    { arbitrary: replaced, weight: 5 },
    { arbitrary: resized, weight: 1 },
    { arbitrary: fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true }), weight: 2 },
    { arbitrary: fc.constant<unknown>(valid), weight: 1 },
  );
}
