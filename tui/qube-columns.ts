/**
 * The columns of the qube table: what each shows, how it sorts, and which ones
 * give way first when the terminal is narrow.
 */
import type { QubeRowView, QubeState } from './console-api.js';
import type { Glyphs } from './glyphs.js';
import { sparkline } from './sparkline.js';

export type SortKey = 'name' | 'state' | 'class' | 'template' | 'netvm' | 'mem' | 'cpu' | 'vcpus' | 'uptime' | 'ip';

export interface Column {
  key: SortKey;
  header: string;
  width: number;
  align: 'left' | 'right';
  /** Lower is kept longer when the terminal is narrow. */
  priority: number;
  cell(q: QubeRowView, g: Glyphs): string;
  compare(a: QubeRowView, b: QubeRowView): number;
}

const STATE_ORDER: Record<QubeState, number> = { Running: 0, Transient: 1, Paused: 2, Dying: 3, Crashed: 4, Halted: 5 };

const SPARK_WIDTH = 6;

/** Missing values sort after present ones (before them when the order is reversed). */
function byNullable<T>(get: (q: QubeRowView) => T | null, cmp: (a: T, b: T) => number) {
  return (a: QubeRowView, b: QubeRowView): number => {
    const x = get(a);
    const y = get(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return cmp(x, y);
  };
}
// One collator for every comparison: String#localeCompare builds one per call, which made sorting a thousand qubes take tens of milliseconds.
const text = new Intl.Collator().compare;
const num = (a: number, b: number): number => a - b;

export function formatUptime(sec: number | null): string {
  if (sec === null) return '-';
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (d > 0) return `${d}d${String(h).padStart(2, '0')}h`;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  return `${m}m${String(Math.floor(sec % 60)).padStart(2, '0')}s`;
}

function ipSortKey(ip: string): string {
  return ip.split('.').map((part) => part.padStart(3, '0')).join('.');
}

/** In the order they are drawn. */
export const COLUMNS: readonly Column[] = [
  { key: 'name', header: 'NAME', width: 14, align: 'left', priority: 0, cell: (q) => q.name, compare: (a, b) => text(a.name, b.name) },
  { key: 'state', header: 'STATE', width: 9, align: 'left', priority: 1, cell: (q) => q.state, compare: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] },
  { key: 'class', header: 'CLASS', width: 10, align: 'left', priority: 4, cell: (q) => q.klass, compare: (a, b) => text(a.klass, b.klass) },
  { key: 'template', header: 'TEMPLATE', width: 12, align: 'left', priority: 6, cell: (q) => q.template ?? '-', compare: byNullable((q) => q.template, text) },
  { key: 'netvm', header: 'NETVM', width: 12, align: 'left', priority: 5, cell: (q) => q.netvm ?? '-', compare: byNullable((q) => q.netvm, text) },
  { key: 'mem', header: 'MEM', width: 6, align: 'right', priority: 2, cell: (q) => String(q.memMiB), compare: (a, b) => num(a.memMiB, b.memMiB) },
  {
    key: 'cpu',
    header: 'CPU%',
    width: 5 + SPARK_WIDTH,
    align: 'left',
    priority: 3,
    cell: (q, g) => `${(q.cpuPercent === null ? '-' : q.cpuPercent.toFixed(0)).padStart(4)} ${sparkline(q.cpuHistory, SPARK_WIDTH, g.spark)}`,
    compare: byNullable((q) => q.cpuPercent, num),
  },
  { key: 'vcpus', header: 'VCPUS', width: 5, align: 'right', priority: 7, cell: (q) => String(q.vcpus), compare: (a, b) => num(a.vcpus, b.vcpus) },
  { key: 'uptime', header: 'UPTIME', width: 7, align: 'right', priority: 8, cell: (q) => formatUptime(q.uptimeSec), compare: byNullable((q) => q.uptimeSec, num) },
  { key: 'ip', header: 'IP', width: 15, align: 'left', priority: 9, cell: (q) => q.ip ?? '-', compare: byNullable((q) => (q.ip === null ? null : ipSortKey(q.ip)), text) },
];

export const SORT_KEYS: readonly SortKey[] = COLUMNS.map((c) => c.key);

export function isSortKey(s: string): s is SortKey {
  return (SORT_KEYS as readonly string[]).includes(s);
}

export function columnFor(key: SortKey): Column {
  const column = COLUMNS.find((c) => c.key === key);
  if (!column) throw new Error(`no column ${key}`);
  return column;
}

/** Space between columns. */
export const COLUMN_GAP = 1;

/**
 * The columns that fit in `width` cells, in drawing order; whatever is left over
 * widens NAME, the column most often cut short.
 */
export function fitColumns(width: number): Column[] {
  const chosen = new Set<SortKey>();
  let used = 0;
  for (const c of [...COLUMNS].sort((a, b) => a.priority - b.priority)) {
    const need = c.width + (chosen.size > 0 ? COLUMN_GAP : 0);
    if (used + need > width) continue;
    chosen.add(c.key);
    used += need;
  }
  const spare = Math.max(0, width - used);
  return COLUMNS.filter((c) => chosen.has(c.key)).map((c) => (c.key === 'name' ? { ...c, width: c.width + Math.min(spare, 17) } : c));
}
