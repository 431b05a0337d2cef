import type { Result } from '../result.js';
import type { VcpuInfo } from '../types.js';
import { num, parseFixedTable } from './fixed-table.js';
import { formatPrintf, NAME_VALUE } from './printf-layout.js';
import { XL_BITMAP } from './xl-bitmap.js';

/**
 * xl_vcpu.c prints "%5u %3c%c- " for an online vCPU and "%5c %3c%cp " with
 * "-" for an offline one, right after the VCPU column; one format covers both.
 */
const ROW = '%-32s %5u %5u%5s %3c%c%c %9.1f  %s / %s';
const CPU = /\d+|-/;

/** `xl vcpu-list [NAME...]`. */
export function parseXlVcpuList(text: string): Result<VcpuInfo[]> {
  return parseFixedTable(
    {
      what: 'xl vcpu-list',
      header: formatPrintf('%-32s %5s %5s %5s %5s %9s %s', ['Name', 'ID', 'VCPU', 'CPU', 'State', 'Time(s)', 'Affinity (Hard / Soft)']),
      row: ROW,
      patterns: [NAME_VALUE, undefined, undefined, CPU, undefined, undefined, undefined, undefined, XL_BITMAP, XL_BITMAP],
      build: (v) => {
        const [name = '', domid, vcpu, cpu, running = '', blocked = '', third = '', time, hard = '', soft = ''] = v;
        const online = cpu !== '-';
        const stateOk = online
          ? /^[r-]$/.test(running) && /^[b-]$/.test(blocked) && third === '-'
          : running === '-' && blocked === '-' && third === 'p';
        if (!stateOk) return 'state letters do not fit the CPU column';
        return {
          name,
          domid: num(domid),
          vcpu: num(vcpu),
          cpu: online ? num(cpu) : null,
          stateText: running + blocked + third,
          online,
          timeSec: num(time),
          affinity: `${hard} / ${soft}`,
          hardAffinity: hard,
          softAffinity: soft,
        };
      },
    },
    text,
  );
}
