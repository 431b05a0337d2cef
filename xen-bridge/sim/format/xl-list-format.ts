/** `xl list` in its table forms, as xl_list.c's list_domains() prints them. */
import { xlStateText, type DomainView } from '../host-model.js';
import { fixed, left, right } from './printf-fields.js';

export interface ListColumns {
  verbose: boolean;
  context: boolean;
  cpupool: boolean;
  numa: boolean;
  /** `xl claims`: outstanding claims, always 0 on the simulated host. */
  claim?: boolean;
}

export function formatXlList(views: readonly DomainView[], cols: ListColumns): string {
  let head = 'Name                                        ID   Mem VCPUs\tState\tTime(s)';
  if (cols.verbose) head += '   UUID                            Reason-Code\tSecurity Label';
  if (cols.context && !cols.verbose) head += '   Security Label';
  if (cols.claim) head += '  Claimed';
  if (cols.cpupool) head += '         Cpupool';
  if (cols.numa) head += ' NODE Affinity';
  const lines = [head];
  for (const v of views) {
    let row = `${left(v.name, 40)} ${right(v.domid, 5)} ${right(Math.floor(v.memoryMiB), 5)} ${right(v.vcpusOnline, 5)}     ${xlStateText(v)}  ${fixed(v.cpuSec, 8, 1)}`;
    if (cols.verbose) row += ` ${v.uuid} ${right('-', 8)}`;
    if (cols.claim) row += ` ${right(0, 5)}`;
    if (cols.verbose || cols.context) row += ` ${right('-', 16)}`;
    if (cols.cpupool) row += right('Pool-0', 16);
    if (cols.numa) row += ' all';
    lines.push(row);
  }
  return `${lines.join('\n')}\n`;
}
