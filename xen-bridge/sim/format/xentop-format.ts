/**
 * One iteration of `xentop -b`, laid out as xentop.c prints it: the fixed
 * columns, the name column widened to the longest name with -f (truncated to
 * 10 otherwise), and the optional per-domain vCPU, network and VBD lines.
 * Simulated devices move no data, so their counters are zero.
 */
import type { DomainView } from '../host-model.js';
import type { SimDisk } from '../sim-state.js';
import { fixed, right } from './printf-fields.js';

export interface XentopFlags {
  fullName: boolean;
  networks: boolean;
  vcpus: boolean;
  vbds: boolean;
  repeatHeader: boolean;
}

export interface XentopRow {
  view: DomainView;
  /** null before there is a previous iteration to measure against. */
  cpuPercent: number | null;
}

const NAME_WIDTH = 10;
const HEADER_TAIL = '  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n';
/** libxl gives every PV guest this much headroom over its target (LIBXL_MAXMEM_CONSTANT). */
const MAXMEM_SLACK_KIB = 1024;

/** xentop's state letters, in its own order: dying, shutdown, blocked, crashed, paused, running. */
function xentopState(v: DomainView): string {
  return `-${v.shutdown ? 's' : '-'}${v.blocked ? 'b' : '-'}-${v.paused ? 'p' : '-'}${v.running ? 'r' : '-'}`;
}

function vcpuLine(v: DomainView): string {
  let s = 'VCPUs(sec): ';
  v.vcpuSec.forEach((sec, i) => {
    s += `${right(i, 3)}: ${right(Math.floor(sec), 10)}s`;
    if (i !== 0 && i % 5 === 4) s += '\n           ';
  });
  return `${s}\n`;
}

function netLine(index: number): string {
  const z = right(0, 8);
  return `Net${index} RX: ${z}bytes ${z}pkts ${z}err ${z}drop  TX: ${z}bytes ${z}pkts ${z}err ${z}drop\n`;
}

function vbdLine(disk: SimDisk): string {
  const major = (disk.vdevNumber >> 8) & 0xff;
  const minor = disk.vdevNumber & 0xff;
  const hex = (n: number): string => n.toString(16).padStart(2);
  return `VBD BlkBack ${right(disk.vdevNumber, 4)} [${hex(major)}:${hex(minor)}]  OO: ${right(0, 8)}   RD: ${right(0, 8)}   WR: ${right(0, 8)}   RSECT: ${right(0, 10)}   WSECT: ${right(0, 10)}\n`;
}

export function formatXentopIteration(rows: readonly XentopRow[], totalMemoryMiB: number, flags: XentopFlags): string {
  const nameWidth = flags.fullName ? Math.max(NAME_WIDTH, ...rows.map((r) => r.view.name.length)) : NAME_WIDTH;
  const header = right('NAME', nameWidth) + HEADER_TAIL;
  const totalKiB = totalMemoryMiB * 1024;
  let s = flags.repeatHeader ? '' : header;
  for (const { view: v, cpuPercent } of rows) {
    if (flags.repeatHeader) s += header;
    const name = flags.fullName ? v.name : v.name.slice(0, NAME_WIDTH);
    const memKiB = Math.floor(v.memoryMiB * 1024);
    const maxKiB = v.domid === 0 ? memKiB : Math.floor(v.memoryMiB * 1024) + MAXMEM_SLACK_KIB;
    const nics = v.domain?.nics ?? [];
    const disks = v.domain?.disks ?? [];
    s +=
      [
        right(name, nameWidth),
        xentopState(v),
        right(Math.floor(v.cpuSec), 10),
        fixed(cpuPercent ?? 0, 6, 1),
        right(memKiB, 10),
        fixed((memKiB / totalKiB) * 100, 6, 1),
        right(maxKiB, 10),
        fixed((maxKiB / totalKiB) * 100, 9, 1),
        right(v.vcpusOnline, 5),
        right(nics.length, 4),
        right(0, 8),
        right(0, 8),
        right(disks.length, 4),
        right(0, 8),
        right(0, 8),
        right(0, 8),
        right(0, 10),
        right(0, 10),
        right(0, 4),
      ].join(' ') + '\n';
    if (flags.vcpus) s += vcpuLine(v);
    if (flags.networks) s += nics.map((_, i) => netLine(i)).join('');
    if (flags.vbds) s += disks.map(vbdLine).join('');
  }
  return s;
}
