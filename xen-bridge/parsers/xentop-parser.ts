import { ok, parseError, type ParseError, type Result } from '../result.js';
import type { XentopDomain, XentopNet, XentopSample, XentopVbd, XentopVcpu } from '../types.js';
import { splitOutputLines } from './output-lines.js';
import { NAME_VALUE, scanPrintf, type ValuePattern } from './printf-layout.js';

const WHAT = 'xentop -b';

/**
 * xentop.c's columns: header, default width, and whether the width grows to
 * fit the widest value of the iteration (the name only with -f). Every field
 * is right-aligned to its width and fields are joined by one blank.
 */
const FIELDS: readonly { header: string; width: number; grows: boolean; value: ValuePattern }[] = [
  { header: 'NAME', width: 10, grows: true, value: NAME_VALUE },
  { header: 'STATE', width: 6, grows: false, value: /[d-][s-][b-][c-][p-][r-]/ },
  { header: 'CPU(sec)', width: 10, grows: false, value: /\d+/ },
  { header: 'CPU(%)', width: 6, grows: false, value: /-?\d+\.\d/ },
  { header: 'MEM(k)', width: 10, grows: false, value: /\d+/ },
  { header: 'MEM(%)', width: 6, grows: false, value: /\d+\.\d/ },
  { header: 'MAXMEM(k)', width: 10, grows: false, value: /\d+|no limit/ },
  { header: 'MAXMEM(%)', width: 9, grows: false, value: /\d+\.\d|n\/a/ },
  { header: 'VCPUS', width: 5, grows: false, value: /\d+/ },
  { header: 'NETS', width: 4, grows: false, value: /\d+/ },
  { header: 'NETTX(k)', width: 8, grows: true, value: /\d+/ },
  { header: 'NETRX(k)', width: 8, grows: true, value: /\d+/ },
  { header: 'VBDS', width: 4, grows: false, value: /\d+/ },
  { header: 'VBD_OO', width: 8, grows: false, value: /\d+/ },
  { header: 'VBD_RD', width: 8, grows: true, value: /\d+/ },
  { header: 'VBD_WR', width: 8, grows: true, value: /\d+/ },
  { header: 'VBD_RSECT', width: 10, grows: true, value: /\d+/ },
  { header: 'VBD_WSECT', width: 10, grows: true, value: /\d+/ },
  { header: 'SSID', width: 4, grows: false, value: /\d+/ },
];
const FIELD_PATTERNS = FIELDS.map((f) => f.value);
const HEADER = new RegExp(`^${FIELDS.map((f) => `( *)${f.header.replace(/[()%]/g, '\\$&')}`).join(' ')}$`);

const VCPU_ENTRY = ' %2u: %10llus';
const NET_LINE = 'Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: %8llubytes %8llupkts %8lluerr %8lludrop';
const VBD_LINE = 'VBD %s %4d %s OO: %8llu   RD: %8llu   WR: %8llu   RSECT: %10llu   WSECT: %10llu';
const VBD_TYPE = /Unidentified|BlkBack|BlkTap/;
/** On Linux xentop adds the device's "[major:minor] " in hex; elsewhere nothing. */
const VBD_DETAILS = /(?:\[[ 0-9a-f]{2}:[ 0-9a-f]{2}\] )?/;

/** The row format a header announces, or a message saying what is wrong with it. */
function rowFormat(header: string): string | { error: string } {
  const m = HEADER.exec(header);
  if (!m) return { error: 'header line differs from the one xentop prints' };
  const widths: number[] = [];
  for (const [i, f] of FIELDS.entries()) {
    const width = (m[i + 1] ?? '').length + f.header.length;
    if (width < f.width || (!f.grows && width !== f.width)) return { error: `column ${f.header} has the wrong width` };
    widths.push(width);
  }
  return widths.map((w) => `%${w}s`).join(' ');
}

function domainRow(v: readonly string[]): XentopDomain {
  const n = (i: number): number => Number(v[i]);
  const orNull = (i: number, none: string): number | null => (v[i] === none ? null : n(i));
  return {
    name: v[0] ?? '',
    stateText: v[1] ?? '',
    cpuSec: n(2),
    cpuPercent: n(3),
    memKiB: n(4),
    memPercent: n(5),
    maxmemKiB: orNull(6, 'no limit'),
    maxmemPercent: orNull(7, 'n/a'),
    vcpus: n(8),
    nets: n(9),
    netTxKiB: n(10),
    netRxKiB: n(11),
    vbds: n(12),
    vbdOo: n(13),
    vbdRd: n(14),
    vbdWr: n(15),
    vbdRsect: n(16),
    vbdWsect: n(17),
    ssid: n(18),
  };
}

/** "VCPUs(sec):" lines hold " %2u: %10llus" entries; xentop breaks the line before every fifth vCPU. */
function vcpuEntries(text: string): XentopVcpu[] | null {
  const chunks = text.match(/ +\d+: +\d+s/g) ?? [];
  if (chunks.join('') !== text) return null;
  const out: XentopVcpu[] = [];
  for (const chunk of chunks) {
    const scan = scanPrintf(VCPU_ENTRY, chunk);
    if (!scan.ok) return null;
    out.push({ vcpu: Number(scan.values[0]), sec: Number(scan.values[1]) });
  }
  return out;
}

export interface XentopOptions {
  /**
   * xentop ran with -r, which repeats the header before every domain: then a
   * header does not start a new iteration, a domain seen again does (every
   * iteration lists Domain-0).
   */
  repeatedHeaders?: boolean;
}

type Step = { sample?: XentopSample; error?: ParseError };

/** The line-by-line reader both the batch parser and the stream parser use. */
class XentopReader {
  private format: string | null = null;
  private domains: XentopDomain[] = [];
  private current: XentopDomain | null = null;
  /** 0: nothing yet, 1: vCPUs, 2: nets, 3: VBDs, in the order xentop prints them. */
  private detail = 0;
  private headerPending = false;

  constructor(private readonly repeatedHeaders: boolean) {}

  /** Feeds one line; may complete the previous sample. */
  line(line: string, lineNo: number): Step {
    const error = (message: string): Step => ({ error: parseError(WHAT, lineNo, line, message).error });
    // A domain called NAME must not pass for a header, hence the whole header pattern.
    if (HEADER.test(line)) {
      const format = rowFormat(line);
      if (typeof format !== 'string') return error(format.error);
      if (this.headerPending) return error('header follows a header with no domain row between');
      this.format = format;
      this.current = null;
      this.headerPending = true;
      return this.repeatedHeaders ? {} : { sample: this.take() };
    }
    const vcpuStart = line.startsWith('VCPUs(sec): ');
    if (vcpuStart || (line.startsWith('        ') && this.detail === 1)) {
      if (!this.current || (vcpuStart && this.detail > 0)) return error('vCPU line out of place');
      const entries = vcpuEntries(line.slice(vcpuStart ? 'VCPUs(sec): '.length : 8));
      if (!entries) return error('vCPU line does not match xentop\'s columns');
      const all = (this.current.vcpuSecs ??= []);
      for (const entry of entries) {
        if (entry.vcpu <= (all.at(-1)?.vcpu ?? -1) || entry.vcpu >= this.current.vcpus) return error('vCPU numbers out of order or range');
        all.push(entry);
      }
      this.detail = 1;
      return {};
    }
    if (line.startsWith('Net')) {
      if (!this.current || this.detail > 2) return error('network line out of place');
      const scan = scanPrintf(NET_LINE, line);
      if (!scan.ok) return error(`network line does not match xentop's columns at column ${scan.column}`);
      const [idx, ...counts] = scan.values.map(Number);
      const nets = (this.current.netDevices ??= []);
      if (idx !== nets.length || idx >= this.current.nets) return error('network line out of order or beyond NETS');
      const [rxBytes = 0, rxPkts = 0, rxErr = 0, rxDrop = 0, txBytes = 0, txPkts = 0, txErr = 0, txDrop = 0] = counts;
      const net: XentopNet = { idx, rxBytes, rxPkts, rxErr, rxDrop, txBytes, txPkts, txErr, txDrop };
      nets.push(net);
      this.detail = 2;
      return {};
    }
    if (line.startsWith('VBD ')) {
      if (!this.current) return error('VBD line out of place');
      const scan = scanPrintf(VBD_LINE, line, [VBD_TYPE, undefined, VBD_DETAILS]);
      if (!scan.ok) return error(`VBD line does not match xentop's columns at column ${scan.column}`);
      const [type = '', dev, , oo, rd, wr, rsect, wsect] = scan.values;
      const vbd: XentopVbd = { type, dev: Number(dev), oo: Number(oo), rd: Number(rd), wr: Number(wr), rsect: Number(rsect), wsect: Number(wsect) };
      const vbds = (this.current.vbdDevices ??= []);
      if (vbds.length >= this.current.vbds) return error('more VBD lines than VBDS');
      vbds.push(vbd);
      this.detail = 3;
      return {};
    }
    if (!this.format) return error('domain row before any header');
    if (this.repeatedHeaders && !this.headerPending) return error('with -r every domain row follows a header');
    const scan = scanPrintf(this.format, line, FIELD_PATTERNS);
    if (!scan.ok) return error(`row does not match xentop's columns at column ${scan.column}`);
    const row = domainRow(scan.values);
    let sample: XentopSample | undefined;
    if (this.domains.some((d) => d.name === row.name)) {
      if (!this.repeatedHeaders) return error(`domain ${row.name} twice in one iteration`);
      sample = this.take();
    }
    this.domains.push(row);
    this.current = row;
    this.detail = 0;
    this.headerPending = false;
    return sample ? { sample } : {};
  }

  /** Hands out the sample read so far (if any) and starts a new one. */
  take(): XentopSample | undefined {
    if (this.domains.length === 0) return undefined;
    const sample = { domains: this.domains };
    this.domains = [];
    this.current = null;
    this.detail = 0;
    return sample;
  }

  get waitingForRows(): boolean {
    return this.headerPending;
  }
}

/** `xentop -b [-i N] [-d S] [-f] [-v] [-n] [-x] [-r]`: every iteration, in order. */
export function parseXentopBatch(text: string, options: XentopOptions = {}): Result<XentopSample[]> {
  const lines = splitOutputLines(WHAT, text);
  if (!lines.ok) return lines;
  if (lines.value.length === 0) return parseError(WHAT, 0, '', 'empty output');
  const reader = new XentopReader(options.repeatedHeaders ?? false);
  const samples: XentopSample[] = [];
  for (const [i, line] of lines.value.entries()) {
    const step = reader.line(line, i + 1);
    if (step.error) return { ok: false, error: step.error };
    if (step.sample) samples.push(step.sample);
  }
  if (reader.waitingForRows) {
    return parseError(WHAT, lines.value.length, lines.value.at(-1) ?? '', 'output ends with a header and no domain row');
  }
  const last = reader.take();
  if (last) samples.push(last);
  return ok(samples);
}

export interface XentopStreamOutput {
  samples: XentopSample[];
  errors: ParseError[];
}

/**
 * Reads a long-running `xentop -b -d N` as it writes. A sample is handed out
 * when the next iteration begins; since xentop writes a whole iteration at
 * once and then sleeps, a caller that wants it sooner calls flush() once the
 * output has gone quiet. After a bad line the parser drops the sample in
 * progress and picks up again at the next header; line numbers count from the
 * start of the stream.
 */
export class XentopStreamParser {
  private pending = '';
  private lineNo = 0;
  private reader: XentopReader;
  private skipping = false;

  constructor(private readonly options: XentopOptions = {}) {
    this.reader = new XentopReader(options.repeatedHeaders ?? false);
  }

  push(chunk: string): XentopStreamOutput {
    const out: XentopStreamOutput = { samples: [], errors: [] };
    const parts = (this.pending + chunk).split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) {
      this.lineNo++;
      if (this.skipping && !HEADER.test(line)) continue;
      this.skipping = false;
      const step = this.reader.line(line, this.lineNo);
      if (step.sample) out.samples.push(step.sample);
      if (step.error) {
        out.errors.push(step.error);
        this.reader = new XentopReader(this.options.repeatedHeaders ?? false);
        this.skipping = true;
      }
    }
    return out;
  }

  /** Hands out the sample read so far, e.g. when xentop has been quiet for a moment or has exited. */
  flush(): XentopSample | undefined {
    return this.skipping ? undefined : this.reader.take();
  }
}
