/**
 * Restart delays for a supervised child (xenstore-watch, xentop): doubles on
 * each quick death up to a cap, and starts over once the child has stayed up
 * long enough to count as healthy.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A child that ran at least this long resets the delay to initialMs. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 10_000, resetAfterMs: 30_000 };

export class Backoff {
  private nextMs: number;

  constructor(private readonly opts: BackoffOptions = DEFAULT_BACKOFF) {
    this.nextMs = opts.initialMs;
  }

  /** The delay before the next restart, given how long the last run lasted. */
  delayAfterRun(ranMs: number): number {
    if (ranMs >= this.opts.resetAfterMs) this.nextMs = this.opts.initialMs;
    const delay = this.nextMs;
    this.nextMs = Math.min(this.nextMs * 2, this.opts.maxMs);
    return delay;
  }
}
