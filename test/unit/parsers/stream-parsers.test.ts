import { describe, expect, it } from 'vitest';
import { parseXenstoreWatch, XenstoreWatchSplitter } from '../../../xen-bridge/parsers/xenstore-watch-parser.js';
import { parseXentopBatch, XentopStreamParser } from '../../../xen-bridge/parsers/xentop-parser.js';
import type { XentopSample } from '../../../xen-bridge/types.js';
import { sampleOut } from './xen-samples.js';

function batch(text: string, repeatedHeaders = false): XentopSample[] {
  const r = parseXentopBatch(text, { repeatedHeaders });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('XentopStreamParser', () => {
  const text = sampleOut('xentop-b-i2');
  const expected = batch(text);

  it('gives the batch parser\'s samples however the output is chunked', () => {
    for (let cut = 1; cut < text.length; cut += 7) {
      for (const second of [cut, Math.min(text.length, cut + 113)]) {
        const parser = new XentopStreamParser();
        const got = [text.slice(0, cut), text.slice(cut, second), text.slice(second)].flatMap((chunk) => {
          const out = parser.push(chunk);
          expect(out.errors).toEqual([]);
          return out.samples;
        });
        const last = parser.flush();
        expect([...got, ...(last ? [last] : [])], `chunks cut at ${cut} and ${second}`).toEqual(expected);
      }
    }
  });

  it('hands out an iteration when the next one begins, the last one on flush', () => {
    const parser = new XentopStreamParser();
    const firstIteration = text.slice(0, text.indexOf('      NAME', 1));
    expect(parser.push(firstIteration).samples).toEqual([]);
    expect(parser.push(text.slice(firstIteration.length)).samples).toEqual([expected[0]]);
    expect(parser.flush()).toEqual(expected[1]);
    expect(parser.flush()).toBeUndefined();
  });

  it('reports a bad line with its line number, drops that iteration and resumes at the next header', () => {
    const lines = text.split('\n');
    const broken = [...lines.slice(0, 2), 'Domain-0 r-----', ...lines.slice(2)].join('\n');
    const parser = new XentopStreamParser();
    const out = parser.push(broken);
    expect(out.errors.map((e) => e.line)).toEqual([3]);
    expect(out.samples).toEqual([]);
    expect(parser.flush()).toEqual(expected[1]);
    const more = parser.push('garbage\n');
    expect(more.errors.map((e) => e.line)).toEqual([lines.length + 1]);
  });

  it('with -r, keeps the domains of one iteration together across the repeated headers', () => {
    const full = sampleOut('xentop-b-i1-full');
    const parser = new XentopStreamParser({ repeatedHeaders: true });
    const once = parser.push(full);
    const twice = parser.push(full);
    expect(once).toEqual({ samples: [], errors: [] });
    expect(twice.samples).toEqual(batch(full, true));
    expect(parser.flush()?.domains.map((d) => d.name)).toEqual(['Domain-0', 'test1', 'test2']);
  });

  it('without -r, refuses a domain listed twice in one iteration', () => {
    const [header = '', row = ''] = text.split('\n');
    const r = parseXentopBatch(`${header}\n${row}\n${row}\n`);
    expect(r.ok ? 'ok' : [r.error.line, r.error.message]).toEqual([3, 'domain Domain-0 twice in one iteration']);
  });
});

describe('XenstoreWatchSplitter', () => {
  const text = sampleOut('xenstore-watch.local-domain');
  const whole = parseXenstoreWatch(text);

  it('splits into the same paths however the output is chunked', () => {
    if (!whole.ok) throw new Error(whole.error.message);
    for (const size of [1, 3, 17, 64, 1000]) {
      const splitter = new XenstoreWatchSplitter();
      const paths: string[] = [];
      for (let at = 0; at < text.length; at += size) {
        const out = splitter.push(text.slice(at, at + size));
        expect(out.errors).toEqual([]);
        paths.push(...out.paths);
      }
      expect(paths).toEqual(whole.value.paths);
    }
  });

  it('reports a line that is no xenstore path and keeps going', () => {
    const splitter = new XenstoreWatchSplitter();
    const out = splitter.push('@introduceDomain\nnot a path\n/local/domain/3\n');
    expect(out.paths).toEqual(['@introduceDomain', '/local/domain/3']);
    expect(out.errors.map((e) => [e.line, e.text])).toEqual([[2, 'not a path']]);
  });
});
