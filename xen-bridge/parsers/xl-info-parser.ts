import { ok, parseError, type Result } from '../result.js';
import type { XenInfo } from '../types.js';
import { splitOutputLines } from './output-lines.js';
import { formatPrintf, scanPrintf } from './printf-layout.js';

const WHAT = 'xl info';

/** xl pads every key to 23 columns, then ":"; the value follows after one blank (xl_info.c). */
const KEY_WIDTH = 23;
const KEY = /^[a-z][a-z0-9_ ]*[a-z0-9_]$/;

/** The tables `xl info -n` prints under a key with an empty value: their heading and row format. */
const TABLES = {
  cpu_topology: { heading: 'cpu:    core    socket     node', row: '%3d:    %4d     %4d     %4d' },
  'device topology': { heading: 'device           node', row: '%04x:%02x:%02x.%01x      %d' },
  numa_info: { heading: 'node:    memsize    memfree    distances', row: '%4d:    %6lu     %6lu      %s' },
} as const;
type TableKey = keyof typeof TABLES;
const NO_DEVICES = 'No device topology data available';
const DISTANCES = /\d+(?:,\d+)*/;

function isTableKey(key: string): key is TableKey {
  return Object.hasOwn(TABLES, key);
}

type Typed = Pick<XenInfo, 'cpuTopology' | 'deviceTopology' | 'numaInfo'>;

function addTableRow(table: TableKey, line: string, typed: Typed): string | null {
  const patterns = table === 'numa_info' ? [undefined, undefined, undefined, DISTANCES] : [];
  const scan = scanPrintf(TABLES[table].row, line, patterns);
  if (!scan.ok) return `row does not match xl's columns at column ${scan.column}`;
  const v = scan.values;
  if (table === 'cpu_topology') {
    (typed.cpuTopology ??= []).push({ cpu: Number(v[0]), core: Number(v[1]), socket: Number(v[2]), node: Number(v[3]) });
  } else if (table === 'device topology') {
    (typed.deviceTopology ??= []).push({ device: `${v[0]}:${v[1]}:${v[2]}.${v[3]}`, node: Number(v[4]) });
  } else {
    (typed.numaInfo ??= []).push({
      node: Number(v[0]),
      memsizeMiB: Number(v[1]),
      memfreeMiB: Number(v[2]),
      distances: (v[3] ?? '').split(',').map(Number),
    });
  }
  return null;
}

/** One "key : value" line, or null when the line is not one. */
function keyLine(line: string): { key: string; value: string } | null {
  if (line[KEY_WIDTH] !== ':') return null;
  const key = line.slice(0, KEY_WIDTH).trimEnd();
  if (!KEY.test(key) || formatPrintf(`%-${KEY_WIDTH}s`, [key]) !== line.slice(0, KEY_WIDTH)) return null;
  const rest = line.slice(KEY_WIDTH + 1);
  // A bare ":" ends the line of a key that opens a table (or of virt_caps,
  // whose caps each bring their own blank, when there are none); otherwise
  // ": " precedes the value, which may be empty.
  if (rest !== '' && rest[0] !== ' ') return null;
  return { key, value: rest.slice(1) };
}

const REQUIRED = ['host', 'nr_cpus', 'total_memory', 'free_memory', 'xen_version', 'xen_scheduler'] as const;

/** `xl info` and `xl info -n` (which adds the cpu/device/numa tables). */
export function parseXlInfo(text: string): Result<XenInfo> {
  const lines = splitOutputLines(WHAT, text);
  if (!lines.ok) return lines;
  const raw: Record<string, string> = {};
  const typed: Typed = {};
  // The table being read, and whether its heading line has been seen.
  let table: { key: TableKey; headed: boolean; rows: number } | null = null;
  for (const [i, line] of lines.value.entries()) {
    const lineNo = i + 1;
    const kv = keyLine(line);
    if (kv) {
      if (table && (!table.headed || (table.key === 'device topology' && table.rows === 0))) {
        return parseError(WHAT, lineNo, line, `the ${table.key} table is incomplete`);
      }
      if (Object.hasOwn(raw, kv.key)) return parseError(WHAT, lineNo, line, `key "${kv.key}" appears twice`);
      raw[kv.key] = kv.value;
      table = isTableKey(kv.key) && kv.value === '' ? { key: kv.key, headed: false, rows: 0 } : null;
      continue;
    }
    if (!table) return parseError(WHAT, lineNo, line, 'not a "key : value" line');
    if (!table.headed) {
      if (line !== TABLES[table.key].heading) return parseError(WHAT, lineNo, line, `expected the ${table.key} table heading`);
      table.headed = true;
      continue;
    }
    if (table.key === 'device topology' && line === NO_DEVICES) {
      if (table.rows > 0) return parseError(WHAT, lineNo, line, 'device table both has rows and says it has none');
      table.rows++;
      continue;
    }
    const problem = addTableRow(table.key, line, typed);
    if (problem) return parseError(WHAT, lineNo, line, problem);
    table.rows++;
  }
  if (table && (!table.headed || (table.key === 'device topology' && table.rows === 0))) {
    return parseError(WHAT, lines.value.length, lines.value.at(-1) ?? '', `the ${table.key} table is incomplete`);
  }
  const missing = REQUIRED.find((k) => raw[k] === undefined);
  if (missing) return parseError(WHAT, 0, '', `key "${missing}" is missing`);
  const numbers = { nr_cpus: 0, total_memory: 0, free_memory: 0 };
  for (const k of Object.keys(numbers) as (keyof typeof numbers)[]) {
    const v = raw[k] ?? '';
    if (!/^\d+$/.test(v)) {
      const at = lines.value.findIndex((l) => keyLine(l)?.key === k);
      return parseError(WHAT, at + 1, lines.value[at] ?? '', `"${k}" is not a number`);
    }
    numbers[k] = Number(v);
  }
  return ok({
    raw,
    host: raw.host ?? '',
    nrCpus: numbers.nr_cpus,
    totalMemoryMiB: numbers.total_memory,
    freeMemoryMiB: numbers.free_memory,
    xenVersion: raw.xen_version ?? '',
    scheduler: raw.xen_scheduler ?? '',
    ...typed,
  });
}
