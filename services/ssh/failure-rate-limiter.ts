/**
 * Failed authentications per source address, as a token bucket: each address
 * may fail `burst` times at once, and regains one attempt every
 * 60000 / perMinute ms. An address with no attempts left is refused before
 * its next connection gets a key exchange, so a guessing client costs the
 * server almost nothing while every other address is served as usual.
 */

export interface FailureRateLimit {
  burst: number;
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Beyond this many tracked addresses, those that are back to a full bucket are forgotten. */
const PRUNE_ABOVE = 4096;

export class FailureRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: FailureRateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  private tokens(address: string, at: number): number {
    const b = this.buckets.get(address);
    if (!b) return this.limit.burst;
    return Math.min(this.limit.burst, b.tokens + ((at - b.at) * this.limit.perMinute) / 60_000);
  }

  blocked(address: string): boolean {
    return this.tokens(address, this.now()) < 1;
  }

  recordFailure(address: string): void {
    const at = this.now();
    this.buckets.set(address, { tokens: Math.max(0, this.tokens(address, at) - 1), at });
    if (this.buckets.size > PRUNE_ABOVE) {
      for (const key of this.buckets.keys()) if (this.tokens(key, at) >= this.limit.burst) this.buckets.delete(key);
    }
  }
}
