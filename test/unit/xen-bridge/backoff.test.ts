import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../xen-bridge/backoff.js';

describe('Backoff', () => {
  it('doubles up to the cap on quick deaths and starts over after a long run', () => {
    const b = new Backoff({ initialMs: 200, maxMs: 1000, resetAfterMs: 5000 });
    expect([0, 10, 10, 10, 10].map((ran) => b.delayAfterRun(ran))).toEqual([200, 400, 800, 1000, 1000]);
    expect(b.delayAfterRun(5000)).toBe(200);
    expect(b.delayAfterRun(1)).toBe(400);
  });
});
