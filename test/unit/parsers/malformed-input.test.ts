import { describe, expect, it } from 'vitest';
import type { Result } from '../../../xen-bridge/result.js';
import { parseXlListLong } from '../../../xen-bridge/parsers/xl-list-long-parser.js';
import { formatOf, type FormatName } from './sample-formats.js';
import { readSample, sampleIndex } from './xen-samples.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every cut point of a short text; for a long one, every line end and 300 random points. */
function cutPoints(text: string, seed: number): number[] {
  if (text.length <= 1500) return Array.from({ length: text.length - 1 }, (_, i) => i + 1);
  const next = random(seed);
  const points = new Set<number>();
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') points.add(i).add(i + 1);
  for (let i = 0; i < 300; i++) points.add(1 + Math.floor(next() * (text.length - 1)));
  return [...points].filter((p) => p > 0 && p < text.length).sort((a, b) => a - b);
}

const lineOfOffset = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** Parses without letting an exception escape unnoticed: a throw fails the test with the input. */
function parseSafely(parse: (t: string) => Result<unknown>, text: string): Result<unknown> {
  try {
    return parse(text);
  } catch (e) {
    throw new Error(`parser threw on input ${JSON.stringify(text.slice(-120))}`, { cause: e });
  }
}

const samples = sampleIndex
  .map((entry) => ({ entry, format: formatOf(entry), text: readSample(entry.stdout) }))
  .filter((s): s is typeof s & { format: NonNullable<typeof s.format> } => s.format !== null && s.text !== '');

/** Formats where each line has a fixed printf layout (not JSON, not free "key : value", not a path log). */
const FIXED_LAYOUT: ReadonlySet<FormatName> = new Set<FormatName>([
  'xl list', 'xl vcpu-list', 'xl uptime', 'xl network-list', 'xl block-list', 'xl channel-list', 'xentop -b',
]);

describe.each(samples.map((s) => [s.entry.name, s] as const))('%s cut, garbled and mis-columned', (_name, { entry, format, text }) => {
  const seed = [...entry.name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

  it('cut inside a line: fails on that line, or (xenstore-watch) holds the partial line back', () => {
    let cuts = 0;
    for (const p of cutPoints(text, seed)) {
      if (text[p - 1] === '\n') continue;
      cuts++;
      const prefix = text.slice(0, p);
      const r = parseSafely(format.parse, prefix);
      if (format.format === 'xenstore-watch') {
        expect(r.ok, `cut at ${p}`).toBe(true);
        expect(r.ok && (r.value as { rest: string }).rest).toBe(prefix.slice(prefix.lastIndexOf('\n') + 1));
        continue;
      }
      expect(r.ok, `cut at ${p}`).toBe(false);
      if (!r.ok) expect(r.error.line, `cut at ${p}: ${r.error.message}`).toBe(lineOfOffset(text, p));
    }
    expect(cuts).toBeGreaterThan(0);
  });

  it('cut inside a line and then ended with a newline: any failure names the cut line', () => {
    let failures = 0;
    let cuts = 0;
    for (const p of cutPoints(text, seed + 1)) {
      if (text[p - 1] === '\n' || text[p] === '\n') continue;
      cuts++;
      const prefix = `${text.slice(0, p)}\n`;
      const r = parseSafely(format.parse, prefix);
      if (r.ok) continue;
      failures++;
      const line = lineOfOffset(text, p);
      // JSON may only notice at the end of the input, one line further; a
      // shortened xl info may just lack its later keys, a fault of the whole (0).
      const allowed = format.format === 'xl list -l' ? [line, line + 1] : format.format === 'xl info' ? [line, 0] : [line];
      expect(allowed, `cut at ${p}: ${r.error.message}`).toContain(r.error.line);
    }
    // Where a layout is fixed, almost any shortened line breaks it.
    if (FIXED_LAYOUT.has(format.format) || format.format === 'xl list -l') expect(failures).toBeGreaterThan(cuts * 0.8);
  });

  it('a garbage line anywhere fails on that line', () => {
    const lines = text.split('\n').slice(0, -1);
    for (let k = 0; k <= lines.length; k++) {
      const garbled = [...lines.slice(0, k), 'garbage ### line', ...lines.slice(k), ''].join('\n');
      const r = parseSafely(format.parse, garbled);
      expect(r.ok, `garbage at line ${k + 1}`).toBe(false);
      if (!r.ok) expect(r.error.line, `garbage at line ${k + 1}: ${r.error.message}`).toBe(k + 1);
    }
  });
});

const fixedLayout = samples.filter((s) => FIXED_LAYOUT.has(s.format.format));

describe.each(fixedLayout.map((s) => [s.entry.name, s] as const))('%s with its columns disturbed', (_name, { format, text }) => {
  it('an extra column, a missing blank or a stray tab fails on that line', () => {
    const lines = text.split('\n').slice(0, -1);
    for (const [i, line] of lines.entries()) {
      const variants = [`${line} 42`, line.replace('  ', ' '), line.replace(' ', '\t')].filter((v) => v !== line);
      for (const variant of variants) {
        const changed = [...lines.slice(0, i), variant, ...lines.slice(i + 1), ''].join('\n');
        const r = parseSafely(format.parse, changed);
        expect(r.ok, `line ${i + 1} as ${JSON.stringify(variant)}`).toBe(false);
        if (!r.ok) expect(r.error.line).toBe(i + 1);
      }
    }
  });
});

describe('inputs no tool prints', () => {
  const parsers = [...new Map(samples.map((s) => [s.format.format, s.format.parse])).entries()];

  it.each(parsers)('%s never throws on odd text', (_format, parse) => {
    const next = random(42);
    const alphabet = ' \t\n-:./[]{}",0123456789abcdefNAMEDomain-0r-b-p';
    const odd = ['', '\n', '\n\n', ' ', '\r\n', '\u0000\n', '[', ']\n', '{}\n', 'null\n', '[1]\n', '[{}]\n', '[{"domid":1}]\n'];
    for (let i = 0; i < 300; i++) {
      odd.push(Array.from({ length: Math.floor(next() * 80) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    }
    for (const text of odd) {
      const r = parseSafely(parse, text);
      if (!r.ok) expect(r.error.line).toBeGreaterThanOrEqual(0);
    }
  });

  it('xl list -l rejects a domain without a live domid, naming its line', () => {
    const r = parseXlListLong('[\n    {\n        "config": {\n            "c_info": { "name": "x" }\n        }\n    }\n]\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.line, r.error.message]).toEqual([2, 'domain without a top-level "domid"']);
  });
});
