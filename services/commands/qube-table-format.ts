/**
 * `qtui ls` output in qvm-ls's shapes: named column sets (formats), a plain
 * aligned table, `--raw-data` (pipe-separated, no header, for scripts) and
 * `--tree` (qubes under their netvm).
 */

export type QubeRow = Record<string, string>;

export const LS_FORMATS: Record<string, readonly string[]> = {
  simple: ['NAME', 'STATE', 'CLASS', 'LABEL', 'TEMPLATE', 'NETVM'],
  network: ['NAME', 'STATE', 'NETVM', 'IP', 'GATEWAY'],
  prefs: ['NAME', 'LABEL', 'CLASS', 'TEMPLATE', 'NETVM', 'VIRT_MODE', 'MEMORY', 'MAXMEM', 'VCPUS', 'KERNEL', 'AUTOSTART'],
  kernel: ['NAME', 'CLASS', 'VIRT_MODE', 'KERNEL', 'KERNELOPTS'],
  disk: ['NAME', 'STATE', 'CLASS', 'TEMPLATE', 'POOL'],
  live: ['NAME', 'STATE', 'CLASS', 'MEM', 'CPU', 'VCPUS', 'UPTIME', 'IP'],
};

export function alignedTable(columns: readonly string[], rows: readonly QubeRow[]): string {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '-').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line([...columns]), ...rows.map((r) => line(columns.map((c) => r[c] ?? '-')))].join('\n') + '\n';
}

export function rawData(columns: readonly string[], rows: readonly QubeRow[]): string {
  return rows.map((r) => columns.map((c) => r[c] ?? '').join('|')).join('\n') + (rows.length > 0 ? '\n' : '');
}

/** Rows ordered as a netvm tree (dom0 and qubes without netvm at the top), names indented under their netvm. */
export function treeRows(rows: readonly QubeRow[]): QubeRow[] {
  const byName = new Map(rows.map((r) => [r.NAME ?? '', r]));
  const children = new Map<string, QubeRow[]>();
  const roots: QubeRow[] = [];
  for (const r of rows) {
    const up = r.NETVM ?? '-';
    if (up === '-' || !byName.has(up)) roots.push(r);
    else children.set(up, [...(children.get(up) ?? []), r]);
  }
  const out: QubeRow[] = [];
  const walk = (r: QubeRow, depth: number, seen: Set<string>): void => {
    const name = r.NAME ?? '';
    if (seen.has(name)) return;
    seen.add(name);
    out.push({ ...r, NAME: depth === 0 ? name : `${'  '.repeat(depth - 1)}└─${name}` });
    for (const c of children.get(name) ?? []) walk(c, depth + 1, seen);
  };
  const seen = new Set<string>();
  for (const r of roots) walk(r, 0, seen);
  // A netvm loop leaves qubes unreachable from any root; list them rather than lose them.
  for (const r of rows) walk(r, 0, seen);
  return out;
}

/** Sorts by a column: numbers numerically (MEM, CPU…), everything else by name order. */
export function sortRows(rows: readonly QubeRow[], column: string, reverse = false): QubeRow[] {
  const num = (s: string | undefined): number => (s === undefined || s === '-' ? -1 : Number.parseFloat(s));
  const numeric = rows.every((r) => r[column] === undefined || r[column] === '-' || !Number.isNaN(num(r[column])));
  const sorted = [...rows].sort((a, b) => {
    const d = numeric ? num(a[column]) - num(b[column]) : (a[column] ?? '').localeCompare(b[column] ?? '');
    return d !== 0 ? d : (a.NAME ?? '').localeCompare(b.NAME ?? '');
  });
  return reverse ? sorted.reverse() : sorted;
}
