/**
 * `xl info [-n]`: the host's figures in xl's "key : value" layout. The
 * hypervisor's own fields are those of the Xen 4.17 build the samples came
 * from; CPUs, memory and the kernel are this machine's and the state's.
 */
import { hostname, machine, release, version } from 'node:os';
import { left, right } from './printf-fields.js';

export interface InfoFigures {
  nrCpus: number;
  totalMemoryMiB: number;
  freeMemoryMiB: number;
}

function field(key: string, value: string | number): string {
  return `${left(key, 23)}: ${value}\n`;
}

function numaSection(f: InfoFigures): string {
  let s = field('cpu_topology', '').trimEnd() + '\n';
  s += 'cpu:    core    socket     node\n';
  for (let cpu = 0; cpu < f.nrCpus; cpu++) s += `${right(cpu, 3)}:${right(cpu, 8)}${right(0, 9)}${right(0, 9)}\n`;
  s += field('device topology', '').trimEnd() + '\n';
  s += 'device           node\nNo device topology data available\n';
  s += field('numa_info', '').trimEnd() + '\n';
  s += 'node:    memsize    memfree    distances\n';
  s += `${right(0, 4)}:${right(f.totalMemoryMiB, 10)}${right(f.freeMemoryMiB, 11)}${right(10, 8)}\n`;
  return s;
}

export function formatXlInfo(f: InfoFigures, numa: boolean): string {
  let s = '';
  s += field('host', hostname());
  s += field('release', release());
  s += field('version', version());
  s += field('machine', machine());
  s += field('nr_cpus', f.nrCpus);
  s += field('max_cpu_id', f.nrCpus - 1);
  s += field('nr_nodes', 1);
  s += field('cores_per_socket', f.nrCpus);
  s += field('threads_per_core', 1);
  s += field('cpu_mhz', '2596.135');
  s += field('hw_caps', '1fcbf3fd:f6d8320b:ec500800:00000077:00000005:01884329:0000020c:00000000');
  s += field('virt_caps', 'pv hvm hap gnttab-v1 gnttab-v2');
  s += field('total_memory', f.totalMemoryMiB);
  s += field('free_memory', f.freeMemoryMiB);
  s += field('sharing_freed_memory', 0);
  s += field('sharing_used_memory', 0);
  s += field('outstanding_claims', 0);
  s += field('free_cpus', 0);
  if (numa) s += numaSection(f);
  s += field('xen_major', 4);
  s += field('xen_minor', 17);
  s += field('xen_extra', '.7');
  s += field('xen_version', '4.17.7');
  s += field('xen_caps', 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ');
  s += field('xen_scheduler', 'credit2');
  s += field('xen_pagesize', 4096);
  s += field('platform_params', 'virt_start=0xffff800000000000');
  s += field('xen_changeset', '');
  s += field('xen_commandline', 'dom0_mem=1024M,max:1024M dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot bootscrub=0 smap=0 smep=0');
  s += field('cc_compiler', 'x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0');
  s += field('cc_compile_by', 'pkg-xen-devel');
  s += field('cc_compile_domain', 'lists.alioth.debian.org');
  s += field('cc_compile_date', 'Wed Nov  4 16:52:28 UTC 2026');
  s += field('build_id', '151b373fd64b321593bf987fd923cd10dabadac4');
  s += field('xend_config_format', 4);
  return s;
}
