/**
 * The figures the simulated host reports that are not stored in the state:
 * Domain-0 (always present, backed by this machine's own CPUs and /proc/stat),
 * each domain's live CPU time and run state (from its real process tree), and
 * free memory. Every subcommand that prints domains goes through here so
 * `xl list`, `xl vcpu-list`, `xentop` and `xl info` always agree.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { guestCpuSeconds, guestRunning } from './supervisor/supervisor-control.js';
import type { SimDomain, SimState } from './sim-state.js';

export const DOM0_NAME = 'Domain-0';
export const DOM0_UUID = '00000000-0000-0000-0000-000000000000';
/** Memory Xen keeps for itself: real total_memory minus dom0 minus free on an idle host (3071 - 1024 - 2014). */
export const XEN_RESERVED_MIB = 33;
/** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every architecture Xen runs on. */
const USER_HZ = 100;

export interface DomainView {
  domid: number;
  name: string;
  uuid: string;
  memoryMiB: number;
  maxmemMiB: number;
  vcpusOnline: number;
  vcpusMax: number;
  running: boolean;
  blocked: boolean;
  paused: boolean;
  shutdown: boolean;
  cpuSec: number;
  /** Seconds per online vCPU, in vCPU order. */
  vcpuSec: number[];
  createdAtMs: number;
  /** The stored domain; undefined for Domain-0. */
  domain?: SimDomain;
}

export function hostCpuCount(): number {
  return Math.max(1, cpus().length);
}

/** Busy (non-idle) seconds of each host CPU, from /proc/stat. */
function hostCpuBusySeconds(): number[] {
  let text: string;
  try {
    text = readFileSync('/proc/stat', 'utf8');
  } catch {
    return [];
  }
  const perCpu: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    // Fields: user nice system idle iowait irq softirq steal ...; idle and iowait are not dom0 running.
    const f = (m[2] ?? '').trim().split(/\s+/).map(Number);
    const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
    perCpu.push(busy / USER_HZ);
  }
  return perCpu;
}

/** When this machine booted: Domain-0's uptime is the host's. */
function hostBootedAtMs(): number {
  try {
    return Date.now() - Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  } catch {
    return Date.now();
  }
}

/**
 * guestCpuSec: what the guests used. Their processes run on this machine's
 * CPUs too, but on Xen that time is theirs, not Domain-0's.
 */
export function dom0View(state: SimState, guestCpuSec = 0): DomainView {
  const n = hostCpuCount();
  const perCpu = hostCpuBusySeconds();
  const busy = perCpu.reduce((a, b) => a + b, 0);
  const share = busy > 0 ? Math.max(0, busy - guestCpuSec) / busy : 1;
  const vcpuSec = Array.from({ length: n }, (_, i) => (perCpu[i] ?? 0) * share);
  return {
    domid: 0,
    name: DOM0_NAME,
    uuid: DOM0_UUID,
    memoryMiB: state.dom0MemoryMiB,
    maxmemMiB: state.dom0MemoryMiB,
    vcpusOnline: n,
    vcpusMax: n,
    running: true,
    blocked: false,
    paused: false,
    shutdown: false,
    cpuSec: vcpuSec.reduce((a, b) => a + b, 0),
    vcpuSec,
    createdAtMs: hostBootedAtMs(),
  };
}

export function domUView(simDir: string, d: SimDomain): DomainView {
  const started = d.supervisorPid > 0;
  const cpuSec = started ? guestCpuSeconds(simDir, d.domid) : 0;
  const running = started && !d.paused && guestRunning(simDir, d.domid);
  const online = Math.max(1, d.vcpusOnline);
  return {
    domid: d.domid,
    name: d.name,
    uuid: d.uuid,
    memoryMiB: d.memoryMiB,
    maxmemMiB: d.maxmemMiB,
    vcpusOnline: d.vcpusOnline,
    vcpusMax: d.config.vcpus,
    running,
    blocked: !running && !d.paused,
    paused: d.paused,
    shutdown: d.shuttingDown,
    cpuSec,
    vcpuSec: Array.from({ length: d.vcpusOnline }, () => cpuSec / online),
    createdAtMs: d.createdAtMs,
    domain: d,
  };
}

/** Domain-0 first, then the guests in domid order, as xl lists them. */
export function allDomainViews(simDir: string, state: SimState): DomainView[] {
  const guests = [...state.domains].sort((a, b) => a.domid - b.domid).map((d) => domUView(simDir, d));
  return [dom0View(state, guests.reduce((sum, g) => sum + g.cpuSec, 0)), ...guests];
}

export function freeMemoryMiB(state: SimState): number {
  const used = state.domains.reduce((sum, d) => sum + d.memoryMiB, 0);
  return Math.max(0, state.totalMemoryMiB - state.dom0MemoryMiB - XEN_RESERVED_MIB - used);
}

/** The six state flags as `xl list` prints them (r b p s c d). */
export function xlStateText(v: DomainView): string {
  return `${v.running ? 'r' : '-'}${v.blocked ? 'b' : '-'}${v.paused ? 'p' : '-'}${v.shutdown ? 's' : '-'}--`;
}
