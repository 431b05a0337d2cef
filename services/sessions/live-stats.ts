/**
 * CPU and memory of every running qube from one long-running xentop, with a
 * short history for the sparklines and the last minutes for the detail
 * panel's graphs. Nothing polls xl per frame.
 */
import type { XentopSample } from '../../xen-bridge/types.js';

/** A qube's samples over the last HISTORY_WINDOW_MS, oldest first, in three parallel lists. */
export interface StatsHistory {
  /** Milliseconds since the epoch. */
  at: number[];
  cpuPercent: number[];
  memMiB: number[];
}

export interface QubeStats {
  cpuPercent: number;
  memMiB: number;
  /** Oldest first, at most HISTORY samples. */
  cpuHistory: number[];
  /**
   * Grown in place sample by sample, so keeping minutes costs nothing per
   * frame: whoever reads it reads it when it is told the stats changed.
   */
  history: StatsHistory;
}

const HISTORY = 30;
/** The detail panel graphs the last five minutes. */
export const HISTORY_WINDOW_MS = 5 * 60_000;
/** A bound should xentop ever sample much faster than every second. */
const MAX_HISTORY_SAMPLES = 600;

export class LiveStats {
  private readonly byName = new Map<string, QubeStats>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Fed with each xentop sample; qubes absent from it are forgotten.
   * Listeners hear of a sample only when it changes what a row shows (CPU
   * and memory in whole numbers, the sparkline's values, qubes coming or
   * going): idle qubes then cost the consoles nothing between samples.
   */
  observe(sample: XentopSample): void {
    const at = this.now();
    const seen = new Set<string>();
    let changed = false;
    for (const d of sample.domains) {
      seen.add(d.name);
      const prev = this.byName.get(d.name);
      const memMiB = Math.round(d.memKiB / 1024);
      const history = prev?.history ?? { at: [], cpuPercent: [], memMiB: [] };
      record(history, at, d.cpuPercent, memMiB);
      const cpuHistory = [...(prev?.cpuHistory ?? []), d.cpuPercent].slice(-HISTORY);
      changed ||= !prev || prev.memMiB !== memMiB || !sameShown([prev.cpuPercent, ...prev.cpuHistory], [d.cpuPercent, ...cpuHistory]);
      this.byName.set(d.name, { cpuPercent: d.cpuPercent, memMiB, cpuHistory, history });
    }
    for (const name of [...this.byName.keys()]) {
      if (seen.has(name)) continue;
      this.byName.delete(name);
      changed = true;
    }
    if (changed) for (const l of this.listeners) l();
  }

  get(name: string): QubeStats | undefined {
    return this.byName.get(name);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** CPU figures are drawn as whole percents. */
function sameShown(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Math.round(v) === Math.round(b[i] ?? Number.NaN));
}

function record(h: StatsHistory, at: number, cpuPercent: number, memMiB: number): void {
  h.at.push(at);
  h.cpuPercent.push(cpuPercent);
  h.memMiB.push(memMiB);
  let drop = Math.max(0, h.at.length - MAX_HISTORY_SAMPLES);
  while (drop < h.at.length && (h.at[drop] ?? at) < at - HISTORY_WINDOW_MS) drop++;
  if (drop === 0) return;
  h.at.splice(0, drop);
  h.cpuPercent.splice(0, drop);
  h.memMiB.splice(0, drop);
}
