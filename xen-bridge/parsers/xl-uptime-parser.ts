import { ok, parseError, type Result } from '../result.js';
import type { UptimeEntry } from '../types.js';
import { num, parseFixedTable } from './fixed-table.js';
import { splitOutputLines } from './output-lines.js';
import { formatPrintf, NAME_VALUE, scanPrintf } from './printf-layout.js';

const WHAT = 'xl uptime';

/** uptime_to_string (xl_info.c): "[N day[s], ]%2d:%02d:%02d", or without seconds in short mode. */
const LONG_UPTIME = /(?:\d+ days?, )?[ \d]\d:\d\d:\d\d/;
const SHORT_UPTIME = /(?:\d+ days?, )?[ \d]\d:\d\d/;
const CLOCK = /\d\d:\d\d:\d\d/;

/** Seconds of an uptime text, or a message when its parts are out of range. */
function uptimeSeconds(text: string): number | string {
  const m = /^(?:(\d+) (days?), )?([ \d]\d):(\d\d)(?::(\d\d))?$/.exec(text);
  if (!m) return 'unreadable uptime';
  const days = m[1] === undefined ? 0 : Number(m[1]);
  if (m[1] !== undefined && (days < 1 || (days === 1) !== (m[2] === 'day'))) return 'xl writes "1 day" and "N days" only';
  const hours = Number(m[3]);
  const minutes = Number(m[4]);
  const seconds = m[5] === undefined ? 0 : Number(m[5]);
  if (hours > 23 || minutes > 59 || seconds > 59) return 'uptime field out of range';
  return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}

function entry(name: string, domid: string | undefined, uptime: string): UptimeEntry | string {
  const sec = uptimeSeconds(uptime);
  return typeof sec === 'string' ? sec : { name, domid: num(domid), uptimeSec: sec };
}

/** `xl uptime -s`: " HH:MM:SS up [N days, ]H:MM, NAME (ID)" per domain, no header. */
function parseShort(text: string): Result<UptimeEntry[]> {
  const lines = splitOutputLines(WHAT, text);
  if (!lines.ok) return lines;
  const out: UptimeEntry[] = [];
  for (const [i, line] of lines.value.entries()) {
    const scan = scanPrintf(' %s up %s, %s (%d)', line, [CLOCK, SHORT_UPTIME, NAME_VALUE]);
    if (!scan.ok) return parseError(WHAT, i + 1, line, `line does not match xl's short format at column ${scan.column}`);
    const [, uptime = '', name = '', domid] = scan.values;
    const e = entry(name, domid, uptime);
    if (typeof e === 'string') return parseError(WHAT, i + 1, line, e);
    out.push(e);
  }
  return ok(out);
}

/**
 * `xl uptime [-s] [NAME...]`. The long form has a header and seconds; the
 * short form has neither, so its uptimes are whole minutes.
 */
export function parseXlUptime(text: string): Result<UptimeEntry[]> {
  if (text === '') return parseError(WHAT, 0, '', 'empty output');
  if (text.startsWith(' ')) return parseShort(text);
  return parseFixedTable(
    {
      what: WHAT,
      header: formatPrintf('%-33s %4s %s', ['Name', 'ID', 'Uptime']),
      row: '%-33s %4d %s',
      patterns: [NAME_VALUE, undefined, LONG_UPTIME],
      build: ([name = '', domid, uptime = '']) => entry(name, domid, uptime),
    },
    text,
  );
}
