/**
 * React's development build (loaded whenever NODE_ENV is not "production":
 * a daemon started by hand, or inside the test runner) records a performance
 * measure for every component render, the changed props as its details, for
 * its profiler tracks; Node keeps every entry in its timeline until someone
 * clears it. Nothing in the daemon reads them, so they are cleared
 * regularly: otherwise every frame of every client's console stays in
 * memory, which is what grew the daemon by about half a MiB per SSH session.
 * The launcher runs the daemon with React's production build, which records
 * none; this covers the other ways a daemon can start.
 */
import { performance } from 'node:perf_hooks';

export const RENDER_TIMELINE_SWEEP_MS = 5_000;

/** Starts clearing the timeline's measures; returns what stops it. */
export function sweepRenderTimeline(everyMs = RENDER_TIMELINE_SWEEP_MS): () => void {
  const timer = setInterval(() => performance.clearMeasures(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
