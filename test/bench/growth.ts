/**
 * The soak's verdict: does a resource keep growing? Judged on the second
 * half of the run (start-up allocations are over by then) by the
 * least-squares slope and the rise of the floor (the least sample of its
 * last third against that of its first), both of which must pass a bound:
 * a leak lifts the floor, while garbage collection, however late its
 * saw-teeth come, leaves it where it was.
 */

export interface Sample {
  minute: number;
  /** The daemon's resident memory right after a full garbage collection (qtui daemon-memory --gc). */
  rssMiB: number;
  /** Its V8 heap in use, at the same moment. */
  heapMiB: number;
  fds: number;
  ptys: number;
  children: number;
}

export type Metric = Exclude<keyof Sample, 'minute'>;

const LIMITS: Record<Metric, { perMinute: number; net: number }> = {
  // Read after a full collection: V8's saw-teeth (60-80 MiB under the soak's load) are gone, what is left moves by a few MiB.
  rssMiB: { perMinute: 2, net: 16 },
  heapMiB: { perMinute: 1, net: 4 },
  fds: { perMinute: 2, net: 4 },
  ptys: { perMinute: 1, net: 2 },
  children: { perMinute: 1, net: 3 },
};

export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The metrics that keep growing over the second half of the samples, each said with its figures; none with fewer than 4 samples there. */
export function growing(samples: readonly Sample[]): string[] {
  const half = samples.slice(Math.floor(samples.length / 2));
  if (half.length < 4) return [];
  const out: string[] = [];
  for (const metric of Object.keys(LIMITS) as Metric[]) {
    const ys = half.map((s) => s[metric]);
    const perMinute = slope(
      half.map((s) => s.minute),
      ys,
    );
    const third = Math.ceil(ys.length / 3);
    const net = Math.min(...ys.slice(-third)) - Math.min(...ys.slice(0, third));
    const limit = LIMITS[metric];
    if (perMinute > limit.perMinute && net > limit.net) out.push(`${metric} grows ${perMinute.toFixed(2)}/min (its floor +${net.toFixed(1)} over the second half)`);
  }
  return out;
}
