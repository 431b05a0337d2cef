import { describe, expect, it } from 'vitest';
import { growing, slope, type Sample } from './growth.js';

function run(f: (minute: number, i: number) => Partial<Sample>, n = 20): Sample[] {
  return Array.from({ length: n }, (_, i) => {
    const minute = i / 2;
    return { minute, rssMiB: 150, heapMiB: 25, fds: 30, ptys: 3, children: 4, ...f(minute, i) };
  });
}

describe('the soak verdict', () => {
  it('fits a slope by least squares', () => {
    expect(slope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2);
    expect(slope([1, 1], [0, 5])).toBe(0);
  });

  it('flags a steady leak of memory and of fds, naming each', () => {
    const flagged = growing(run((m) => ({ rssMiB: 150 + 10 * m, fds: 30 + Math.floor(3 * m) }), 30));
    expect(flagged).toHaveLength(2);
    expect(flagged[0]).toMatch(/^rssMiB grows 10\.00\/min/);
    expect(flagged[1]).toMatch(/^fds grows/);
    // A leak of 2 MiB a minute in the heap, which the resident figure's looser bound would let by.
    expect(growing(run((m) => ({ heapMiB: 25 + 2 * m, rssMiB: 150 + 2 * m }), 30))).toEqual([expect.stringMatching(/^heapMiB grows 2\.00\/min/)]);
  });

  it('passes flat use, garbage-collection saw-teeth and growth that stops at half time', () => {
    expect(growing(run(() => ({})))).toEqual([]);
    expect(growing(run((_m, i) => ({ rssMiB: 150 + (i % 4) * 10 })))).toEqual([]);
    expect(growing(run((m) => ({ rssMiB: 150 + 40 * Math.min(m, 4.5), children: 4 + Math.min(Math.floor(m), 4) })))).toEqual([]);
  });

  it('passes saw-teeth that come late in the run, and flags a leak under saw-teeth', () => {
    // The least reading of each 30 s: a major collection in some of them and not in others, the highest at the end.
    const late = [170, 172, 236, 171, 225, 173, 247, 240, 171, 250];
    expect(growing(run((_m, i) => ({ rssMiB: i < 10 ? 200 : (late[i - 10] as number) })))).toEqual([]);
    expect(growing(run((m, i) => ({ rssMiB: 150 + 10 * m + (i % 3 === 0 ? 0 : 50) }), 30))).toHaveLength(1);
  });

  it('judges nothing from too few samples', () => {
    expect(growing(run((m) => ({ rssMiB: 150 + 100 * m }), 6))).toEqual([]);
    expect(growing(run((m) => ({ rssMiB: 150 + 100 * m }), 8))).toHaveLength(1);
  });
});
