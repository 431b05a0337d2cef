/** Memory as horizontal bars: the qubes that hold memory, largest first, scaled to the widest. */
import type { QubeRowView } from '../console-api.js';

export interface MemoryBar {
  name: string;
  label: string;
  memMiB: number;
  /** Cells of bar, at least one for any qube that holds memory. */
  cells: number;
}

export function memoryBars(qubes: readonly QubeRowView[], width: number): MemoryBar[] {
  const holding = qubes.filter((q) => q.memMiB > 0).sort((a, b) => b.memMiB - a.memMiB || a.name.localeCompare(b.name));
  const most = holding[0]?.memMiB ?? 0;
  return holding.map((q) => ({ name: q.name, label: q.label, memMiB: q.memMiB, cells: Math.max(1, Math.round((q.memMiB / most) * Math.max(1, width))) }));
}

/** `used` of `total` as `width` cells: how many are filled. */
export function filledCells(used: number, total: number, width: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(width, Math.round((used / total) * width)));
}
