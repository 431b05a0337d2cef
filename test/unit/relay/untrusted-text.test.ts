import { describe, expect, it } from 'vitest';
import { measureValue, sanitizeText } from '../../../services/relay/untrusted-text.js';

describe('sanitizeText', () => {
  it.each([
    ['plain', 'plain'],
    ['esc \x1b[2J', 'esc \ufffd[2J'],
    ['bell\x07 del\x7f c1\x9b', 'bell\ufffd del\ufffd c1\ufffd'],
    ['new\nline\ttab\r', 'new\ufffdline\ufffdtab\ufffd'],
    ['bidi \u202eevil\u2066', 'bidi \ufffdevil\ufffd'],
    ['ünïcödé ✓ 日本', 'ünïcödé ✓ 日本'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeText(input)).toBe(output);
  });

  it('cuts to a number of code points with an ellipsis', () => {
    expect(sanitizeText('abcdef', 4)).toBe('abc…');
    expect(sanitizeText('😀😀😀', 3)).toBe('😀😀😀');
    expect([...sanitizeText('😀'.repeat(10), 4)]).toHaveLength(4);
  });
});

describe('measureValue', () => {
  it('counts strings by their UTF-8 bytes', () => {
    expect(measureValue('é'.repeat(100), 1 << 20)).toBeGreaterThanOrEqual(200);
    expect(measureValue([['a', 1, 2n]], 1 << 20)).toBeLessThan(64);
  });

  it('stops soon after the limit, whatever the size of the value', () => {
    const huge = Array.from({ length: 1_000_000 }, () => 'xxxxxxxxxx');
    const n = measureValue(huge, 1000);
    expect(n).toBeGreaterThan(1000);
    expect(n).toBeLessThan(1100);
  });

  it('counts buffers and nested structs', () => {
    expect(measureValue([Buffer.alloc(5000)], 4096)).toBeGreaterThan(4096);
    expect(measureValue([[['a'.repeat(3000)], ['b'.repeat(3000)]]], 4096)).toBeGreaterThan(4096);
  });
});
