/**
 * CPU and memory of every running qube from one long-running xentop, with a
 * short history for the sparklines. Nothing polls xl per frame.
 */
import type { XentopSample } from '../../xen-bridge/types.js';

export interface QubeStats {
  cpuPercent: number;
  memMiB: number;
  /** Oldest first, at most HISTORY samples. */
  cpuHistory: number[];
}

const HISTORY = 30;

export class LiveStats {
  private readonly byName = new Map<string, QubeStats>();
  private readonly listeners = new Set<() => void>();

  /** Fed with each xentop sample; qubes absent from it are forgotten. */
  observe(sample: XentopSample): void {
    const seen = new Set<string>();
    for (const d of sample.domains) {
      seen.add(d.name);
      const prev = this.byName.get(d.name);
      const history = [...(prev?.cpuHistory ?? []), d.cpuPercent].slice(-HISTORY);
      this.byName.set(d.name, { cpuPercent: d.cpuPercent, memMiB: Math.round(d.memKiB / 1024), cpuHistory: history });
    }
    for (const name of [...this.byName.keys()]) if (!seen.has(name)) this.byName.delete(name);
    for (const l of this.listeners) l();
  }

  get(name: string): QubeStats | undefined {
    return this.byName.get(name);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
