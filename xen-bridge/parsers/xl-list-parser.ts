import { ok, parseError, type Result } from '../result.js';
import type { DomainStateFlags, DomainSummary } from '../types.js';
import { splitOutputLines } from './output-lines.js';
import { NAME_VALUE, scanPrintf, type ValuePattern } from './printf-layout.js';
import { XL_BITMAP } from './xl-bitmap.js';

const WHAT = 'xl list';

/** The header of `xl list` and what each option appends to it, in xl's order (xl_info.c list_domains). */
const BASE_HEADER = 'Name                                        ID   Mem VCPUs\tState\tTime(s)';
const HEADER_PARTS = [
  ['verbose', '   UUID                            Reason-Code\tSecurity Label'],
  ['context', '   Security Label'],
  ['claim', '  Claimed'],
  ['cpupool', '         Cpupool'],
  ['numa', ' NODE Affinity'],
] as const;
type Column = (typeof HEADER_PARTS)[number][0];

const BASE_ROW = '%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The row format and value patterns for the columns the header announced. */
function rowLayout(columns: ReadonlySet<Column>): { format: string; patterns: (ValuePattern | undefined)[] } {
  let format = BASE_ROW;
  const patterns: (ValuePattern | undefined)[] = [NAME_VALUE, ...new Array<undefined>(10).fill(undefined)];
  if (columns.has('verbose')) {
    format += ' %s %8s';
    patterns.push(UUID, /[0-9a-f]+|-/);
  }
  if (columns.has('claim')) {
    format += ' %5lu';
    patterns.push(undefined);
  }
  if (columns.has('verbose') || columns.has('context')) {
    format += ' %16s';
    patterns.push(undefined);
  }
  if (columns.has('cpupool')) {
    format += '%16s';
    patterns.push(undefined);
  }
  if (columns.has('numa')) {
    format += ' %s';
    patterns.push(XL_BITMAP);
  }
  return { format, patterns };
}

function headerColumns(header: string): Set<Column> | null {
  if (!header.startsWith(BASE_HEADER)) return null;
  let rest = header.slice(BASE_HEADER.length);
  const columns = new Set<Column>();
  for (const [column, text] of HEADER_PARTS) {
    // With -v, xl leaves out the -Z part: -v already shows the label.
    if (column === 'context' && columns.has('verbose')) continue;
    if (rest.startsWith(text)) {
      columns.add(column);
      rest = rest.slice(text.length);
    }
  }
  return rest === '' ? columns : null;
}

const STATE_LETTERS = ['r', 'b', 'p', 's', '-rscwS?', 'd'] as const;

function stateFlags(chars: readonly string[]): DomainStateFlags | null {
  for (const [i, allowed] of STATE_LETTERS.entries()) {
    const c = chars[i];
    if (c === undefined || (c !== '-' && !allowed.includes(c))) return null;
  }
  return {
    running: chars[0] === 'r',
    blocked: chars[1] === 'b',
    paused: chars[2] === 'p',
    shutdown: chars[3] === 's',
    // The fifth letter is the shutdown reason; "c" is a crash.
    crashed: chars[4] === 'c',
    dying: chars[5] === 'd',
  };
}

/** `xl list`, `xl list -v|-Z|-c|-n [NAME]` and `xl claims`: the header decides which columns follow. */
export function parseXlList(text: string): Result<DomainSummary[]> {
  const lines = splitOutputLines(WHAT, text);
  if (!lines.ok) return lines;
  const [header, ...rows] = lines.value;
  if (header === undefined) return parseError(WHAT, 0, '', 'empty output (no header line)');
  const columns = headerColumns(header);
  if (!columns) return parseError(WHAT, 1, header, 'header line differs from the one xl prints');
  const layout = rowLayout(columns);
  const out: DomainSummary[] = [];
  for (const [i, line] of rows.entries()) {
    const lineNo = i + 2;
    const scan = scanPrintf(layout.format, line, layout.patterns);
    if (!scan.ok) return parseError(WHAT, lineNo, line, `row does not match xl's columns at column ${scan.column}`);
    const v = scan.values;
    const stateChars = v.slice(4, 10);
    const state = stateFlags(stateChars);
    if (!state) return parseError(WHAT, lineNo, line, 'unknown state letters');
    const row: DomainSummary = {
      name: v[0] ?? '',
      domid: Number(v[1]),
      memoryMiB: Number(v[2]),
      vcpus: Number(v[3]),
      stateText: stateChars.join(''),
      state,
      cpuTimeSec: Number(v[10]),
    };
    let at = 11;
    const next = (): string => v[at++] ?? '';
    if (columns.has('verbose')) {
      row.uuid = next();
      row.reasonCode = next();
    }
    if (columns.has('claim')) row.claimedMiB = Number(next());
    if (columns.has('verbose') || columns.has('context')) row.securityLabel = next();
    if (columns.has('cpupool')) row.cpupool = next();
    if (columns.has('numa')) row.nodeAffinity = next();
    out.push(row);
  }
  return ok(out);
}
