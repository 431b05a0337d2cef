/**
 * What xen-bridge reports about the host. Field names follow xl's own words
 * where it has them; memory is in MiB unless the name says otherwise.
 */

/** The six state flags of `xl list`: running, blocked, paused, shutdown, crashed, dying. */
export interface DomainStateFlags {
  running: boolean;
  blocked: boolean;
  paused: boolean;
  shutdown: boolean;
  crashed: boolean;
  dying: boolean;
}

/** One row of `xl list` (and of `-v`, `-Z`, `-n` where those add columns). */
export interface DomainSummary {
  name: string;
  domid: number;
  memoryMiB: number;
  vcpus: number;
  /** The raw six-character field, e.g. "-b----". */
  stateText: string;
  state: DomainStateFlags;
  cpuTimeSec: number;
  uuid?: string;
  reasonCode?: string;
  securityLabel?: string;
  nodeAffinity?: string;
}

export interface DiskInfo {
  target: string;
  vdev: string;
  format?: string;
  readonly: boolean;
  backendDomain?: string;
}

export interface NicInfo {
  devid: number;
  mac?: string;
  ip?: string;
  bridge?: string;
  script?: string;
  backendDomain?: string;
}

export interface ChannelInfo {
  devid?: number;
  name?: string;
  connection?: string;
  path?: string;
}

export interface UsbCtrlInfo {
  devid?: number;
  version?: number;
  ports?: number;
  type?: string;
  backendDomain?: string;
}

/** One domain of `xl list -l` (JSON). Domain-0 carries far fewer fields than a domU. */
export interface DomainDetail {
  domid: number;
  name: string;
  uuid?: string;
  type: 'pv' | 'pvh' | 'hvm' | string;
  memoryMiB?: number;
  maxmemMiB?: number;
  vcpus?: number;
  kernel?: string;
  ramdisk?: string;
  cmdline?: string;
  disks: DiskInfo[];
  nics: NicInfo[];
  channels: ChannelInfo[];
  usbctrls: UsbCtrlInfo[];
  usbdevs: { ctrl?: number; port?: number; hostbus?: number; hostaddr?: number }[];
}

/** `xl info`: every "key : value" line, plus the figures callers need typed. */
export interface XenInfo {
  raw: Record<string, string>;
  host: string;
  nrCpus: number;
  totalMemoryMiB: number;
  freeMemoryMiB: number;
  xenVersion: string;
  scheduler: string;
}

export interface VcpuInfo {
  name: string;
  domid: number;
  vcpu: number;
  /** null when the vCPU is not placed ("-"). */
  cpu: number | null;
  stateText: string;
  timeSec: number;
  affinity: string;
}

export interface UptimeEntry {
  name: string;
  domid: number;
  /** Seconds, as precise as the format allows (`xl uptime` prints no seconds for long uptimes). */
  uptimeSec: number;
}

export interface NetworkDeviceInfo {
  idx: number;
  backendId: number;
  mac: string;
  handle: number;
  state: number;
  evtch: number;
  txRingRef: number;
  rxRingRef: number;
  backendPath: string;
}

export interface BlockDeviceInfo {
  vdev: number;
  backendId: number;
  handle: number;
  state: number;
  evtch: number;
  ringRef: number;
  backendPath: string;
}

/** One domain in one `xentop -b` sample. */
export interface XentopDomain {
  name: string;
  stateText: string;
  cpuSec: number;
  /** null when xentop prints "n/a" (the first iteration has no interval). */
  cpuPercent: number | null;
  memKiB: number;
  memPercent: number;
  /** null for "no limit". */
  maxmemKiB: number | null;
  maxmemPercent: number | null;
  vcpus: number;
  nets: number;
  netTxKiB: number;
  netRxKiB: number;
  vbds: number;
  vbdOo: number;
  vbdRd: number;
  vbdWr: number;
  vbdRsect: number;
  vbdWsect: number;
  ssid: number;
}

/** One iteration of `xentop -b`: every domain at one instant. */
export interface XentopSample {
  domains: XentopDomain[];
}
