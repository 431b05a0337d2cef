import { describe, expect, it } from 'vitest';
import { FailureRateLimiter } from '../../../services/ssh/failure-rate-limiter.js';

describe('FailureRateLimiter', () => {
  it('allows a burst of failures per address, then one more per refill period', () => {
    let now = 0;
    const limiter = new FailureRateLimiter({ burst: 3, perMinute: 6 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.blocked('10.0.0.1')).toBe(false);
      limiter.recordFailure('10.0.0.1');
    }
    expect(limiter.blocked('10.0.0.1')).toBe(true);
    expect(limiter.blocked('10.0.0.2')).toBe(false);
    now += 9_999;
    expect(limiter.blocked('10.0.0.1')).toBe(true);
    now += 1;
    expect(limiter.blocked('10.0.0.1')).toBe(false);
    limiter.recordFailure('10.0.0.1');
    expect(limiter.blocked('10.0.0.1')).toBe(true);
    now += 60_000;
    for (let i = 0; i < 3; i++) limiter.recordFailure('10.0.0.1');
    expect(limiter.blocked('10.0.0.1')).toBe(true);
  });
});
