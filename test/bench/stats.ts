/** Summaries of repeated measurements, and the record each benchmark produces. */

export interface Stats {
  median: number;
  min: number;
  max: number;
  p99: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number;
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, min: s[0] as number, max: s[s.length - 1] as number, p99: at(0.99), runs: s.length };
}

export interface Figure {
  /** What was measured, e.g. "qtui ls (254 qubes)" or "tmux 3.3a, cat pane". */
  label: string;
  unit: string;
  stats: Stats;
}

export interface BenchResult {
  name: string;
  ours: Figure;
  /** Measured in the same run on the same machine; null where the issue sets only a target. */
  anchor: Figure | null;
  /** ours.median / anchor.median. */
  ratio: number | null;
  target: string;
  /** What limits the figure, what it includes. */
  notes: string[];
}

export function result(name: string, ours: Figure, anchor: Figure | null, target: string, notes: string[] = []): BenchResult {
  const ratio = anchor === null || anchor.stats.median === 0 ? null : ours.stats.median / anchor.stats.median;
  return { name, ours, anchor, ratio, target, notes };
}
