import { describe, expect, it } from 'vitest';
import { HISTORY_WINDOW_MS, LiveStats } from '../../../services/sessions/live-stats.js';
import type { XentopDomain, XentopSample } from '../../../xen-bridge/types.js';

function domain(name: string, cpuPercent: number, memMiB: number): XentopDomain {
  return {
    name, stateText: '-----r', cpuSec: 0, cpuPercent, memKiB: memMiB * 1024, memPercent: 0, maxmemKiB: null, maxmemPercent: null,
    vcpus: 1, nets: 0, netTxKiB: 0, netRxKiB: 0, vbds: 0, vbdOo: 0, vbdRd: 0, vbdWr: 0, vbdRsect: 0, vbdWsect: 0, ssid: 0,
  };
}

function sample(...domains: XentopDomain[]): XentopSample {
  return { domains };
}

describe('LiveStats history', () => {
  it('keeps the last five minutes of CPU and memory per qube, and the short sparkline history', () => {
    let now = 1_000_000;
    const stats = new LiveStats(() => now);
    for (let i = 0; i < 200; i++) {
      stats.observe(sample(domain('work', i % 100, 400 + i)));
      now += 2000;
    }
    const work = stats.get('work');
    expect(work?.cpuHistory).toHaveLength(30);
    const h = work?.history;
    // 200 samples 2 s apart: only those within the window are left.
    expect(h?.at.length).toBe(HISTORY_WINDOW_MS / 2000 + 1);
    expect((h?.at.at(-1) ?? 0) - (h?.at[0] ?? 0)).toBe(HISTORY_WINDOW_MS);
    expect(h?.memMiB.at(-1)).toBe(599);
    expect(h?.cpuPercent.at(-1)).toBe(99);
    expect(h?.cpuPercent.length).toBe(h?.memMiB.length);
  });

  it('forgets a qube that left xentop, so a restarted qube starts a fresh graph', () => {
    const stats = new LiveStats(() => 0);
    stats.observe(sample(domain('work', 10, 400)));
    stats.observe(sample());
    expect(stats.get('work')).toBeUndefined();
    stats.observe(sample(domain('work', 20, 500)));
    expect(stats.get('work')?.history.memMiB).toEqual([500]);
  });

  it('tells listeners only of samples that change what a row shows', () => {
    const stats = new LiveStats(() => 0);
    let told = 0;
    stats.onChange(() => told++);
    stats.observe(sample(domain('work', 3, 400)));
    expect(told).toBe(1);
    // The sparkline fills up: each sample still changes it.
    for (let i = 1; i < 30; i++) stats.observe(sample(domain('work', 3.2, 400)));
    expect(told).toBe(30);
    // A full, flat history: a sample that rounds the same changes nothing shown.
    stats.observe(sample(domain('work', 2.9, 400)));
    expect(told).toBe(30);
    stats.observe(sample(domain('work', 3, 401)));
    expect(told).toBe(31);
    stats.observe(sample(domain('work', 3, 401)));
    stats.observe(sample(domain('work', 9, 401)));
    expect(told).toBe(32);
    stats.observe(sample(domain('work', 9, 401), domain('mail', 0, 300)));
    stats.observe(sample(domain('mail', 0, 300)));
    expect(told).toBe(34);
  });
});
