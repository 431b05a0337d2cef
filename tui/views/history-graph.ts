/**
 * Small bar graphs of a qube's last minutes (CPU, memory) for the detail
 * panel, drawn with the theme's spark glyphs so the Linux console gets its
 * ASCII twins.
 */

/**
 * The samples of the last `windowMs` (ending at the newest) spread over
 * `width` columns by time: each column the highest sample in its slot, null
 * where there was none (before the qube started, or a gap in sampling).
 */
export function timeColumns(at: readonly number[], values: readonly number[], width: number, windowMs: number): (number | null)[] {
  const columns: (number | null)[] = Array.from({ length: Math.max(0, width) }, () => null);
  const end = at[at.length - 1];
  if (end === undefined || width <= 0) return columns;
  const start = end - windowMs;
  for (let i = 0; i < at.length; i++) {
    const t = at[i] ?? start;
    const v = values[i];
    if (t < start || v === undefined) continue;
    const c = Math.min(width - 1, Math.floor(((t - start) / windowMs) * width));
    columns[c] = Math.max(columns[c] ?? v, v);
  }
  return columns;
}

/** Rows top first, `height` cells tall, each column filled in proportion to value/top with `levels` steps per cell. */
export function barGraph(columns: readonly (number | null)[], height: number, top: number, levels: readonly string[]): string[] {
  const steps = levels.length;
  // Any use at all shows as at least one step: an idle qube's graph is flat, a busy one's never is.
  const units = columns.map((v) => (v === null || v <= 0 || top <= 0 ? 0 : Math.max(1, Math.round((Math.min(v, top) / top) * height * steps))));
  return Array.from({ length: height }, (_, r) => {
    const base = (height - 1 - r) * steps;
    return units.map((u) => (u > base ? (levels[Math.min(steps, u - base) - 1] ?? ' ') : ' ')).join('');
  });
}
