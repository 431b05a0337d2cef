/** `xl vcpu-list`, as xl_vcpu.c's print_vcpuinfo() lays it out. */
import type { DomainView } from '../host-model.js';
import { fixed, left, right } from './printf-fields.js';

export const VCPU_LIST_HEADER = `${left('Name', 32)} ${right('ID', 5)} ${right('VCPU', 5)} ${right('CPU', 5)} ${right('State', 5)} ${right('Time(s)', 9)} Affinity (Hard / Soft)\n`;

export function formatVcpuRows(v: DomainView, nrCpus: number): string {
  let s = '';
  for (let i = 0; i < v.vcpusMax; i++) {
    const online = i < v.vcpusOnline;
    // Domain-0's first vCPU is the one running this very command.
    const running = online && (v.domid === 0 ? i === 0 : v.running);
    const blocked = online && !running && !v.paused;
    const state = `${running ? 'r' : '-'}${blocked ? 'b' : '-'}${online ? '-' : 'p'}`;
    const cpu = online ? String(i % nrCpus) : '-';
    s += `${left(v.name, 32)} ${right(v.domid, 5)} ${right(i, 5)}${right(cpu, 5)}${right(state, 6)} ${fixed(online ? (v.vcpuSec[i] ?? 0) : 0, 9, 1)}  all / all\n`;
  }
  return s;
}
