/**
 * A one-line graph of recent CPU use. CPU% can exceed 100 on a qube with several
 * vCPUs (xentop counts each vCPU as 100%), so the scale grows to fit.
 */
export function sparkline(values: readonly number[], width: number, levels: readonly string[]): string {
  if (width <= 0 || levels.length === 0) return '';
  const recent = values.slice(-width);
  const top = Math.max(100, ...recent);
  const bars = recent.map((v) => {
    const clamped = Math.min(Math.max(v, 0), top);
    const index = Math.min(levels.length - 1, Math.floor((clamped / top) * levels.length));
    return levels[index] ?? '';
  });
  return ' '.repeat(width - recent.length) + bars.join('');
}
