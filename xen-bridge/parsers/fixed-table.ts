import { ok, parseError, type Result } from '../result.js';
import { splitOutputLines } from './output-lines.js';
import { scanPrintf, type ValuePattern } from './printf-layout.js';

/** What a row builder gets: the unpadded values of the row format's conversions. */
export type RowBuilder<T> = (values: string[]) => T | string;

export interface FixedTable<T> {
  what: string;
  /** The header line exactly as the tool prints it (without "\n"). */
  header: string;
  /** The printf format of one row (without "\n"). */
  row: string;
  patterns?: readonly (ValuePattern | undefined)[];
  /** Builds the row, or returns a message saying why the values make no sense. */
  build: RowBuilder<T>;
}

/** Parses "one exact header line, then rows of one printf format", the shape of most xl listings. */
export function parseFixedTable<T>(table: FixedTable<T>, text: string): Result<T[]> {
  const lines = splitOutputLines(table.what, text);
  if (!lines.ok) return lines;
  const [header, ...rows] = lines.value;
  if (header === undefined) return parseError(table.what, 0, '', 'empty output (no header line)');
  if (header !== table.header) return parseError(table.what, 1, header, 'header line differs from the one xl prints');
  const out: T[] = [];
  for (const [i, line] of rows.entries()) {
    const scan = scanPrintf(table.row, line, table.patterns);
    if (!scan.ok) return parseError(table.what, i + 2, line, `row does not match xl's columns at column ${scan.column}`);
    const built = table.build(scan.values);
    if (typeof built === 'string') return parseError(table.what, i + 2, line, built);
    out.push(built);
  }
  return ok(out);
}

/** A conversion value as a number; the scan already checked it is digits. */
export function num(value: string | undefined): number {
  return Number(value);
}
