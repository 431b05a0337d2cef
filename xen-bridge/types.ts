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
  /** `-v`: the shutdown reason in hex, or "-" when the domain is not shut down. */
  reasonCode?: string;
  securityLabel?: string;
  /** `-n`: xl's bitmap text, e.g. "all" or "0-1". */
  nodeAffinity?: string;
  /** `-c`. */
  cpupool?: string;
  /** `xl claims`: outstanding claimed memory. */
  claimedMiB?: number;
}

export interface DiskInfo {
  /** libxl's pdev_path: the file or device behind the disk. */
  target: string;
  vdev: string;
  format?: string;
  /** libxl leaves `readwrite` out of the JSON when it is 0, i.e. for `access=ro`. */
  readonly: boolean;
  backendDomain?: string;
  isCdrom?: boolean;
  /** libxl_disk_backend, e.g. "phy", "qdisk"; absent when libxl chose none yet. */
  backend?: string;
  script?: string;
}

export interface NicInfo {
  devid: number;
  mac?: string;
  ip?: string;
  bridge?: string;
  script?: string;
  backendDomain?: string;
  model?: string;
  /** libxl_nic_type, e.g. "vif", "vif_ioemu". */
  nictype?: string;
}

/** A channel as configured (`xl list -l`): libxl writes the connection as a "connection.KIND" key. */
export interface ChannelInfo {
  devid?: number;
  name?: string;
  /** "pty", "socket" or "unknown". */
  connection?: string;
  /** The socket path of a socket channel. */
  path?: string;
  backendDomain?: string;
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
  /** `xl info -n` only. */
  cpuTopology?: { cpu: number; core: number; socket: number; node: number }[];
  /** `xl info -n` only; device is the PCI address "ssss:bb:dd.f". */
  deviceTopology?: { device: string; node: number }[];
  /** `xl info -n` only. */
  numaInfo?: { node: number; memsizeMiB: number; memfreeMiB: number; distances: number[] }[];
}

export interface VcpuInfo {
  name: string;
  domid: number;
  vcpu: number;
  /** null when the vCPU is offline (xl prints "-"). */
  cpu: number | null;
  /** Three characters: r(unning) b(locked) and "p" in the third place for an offline vCPU. */
  stateText: string;
  online: boolean;
  timeSec: number;
  /** The raw "HARD / SOFT" text. */
  affinity: string;
  hardAffinity: string;
  softAffinity: string;
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
  /** xl prints the frontend domain id in the "handle" column. */
  handle: number;
  state: number;
  evtch: number;
  ringRef: number;
  backendPath: string;
}

/** One row of `xl channel-list`. */
export interface ChannelDeviceInfo {
  idx: number;
  backendId: number;
  state: number;
  evtch: number;
  ringRef: number;
  /** "pty", "socket" or "unknown". */
  connection: string;
  /** Only a pty channel has one. */
  ptyPath?: string;
}

/** `xentop -v`: seconds each online vCPU has run. */
export interface XentopVcpu {
  vcpu: number;
  sec: number;
}

/** `xentop -n`: one "NetN RX: ... TX: ..." line. */
export interface XentopNet {
  idx: number;
  rxBytes: number;
  rxPkts: number;
  rxErr: number;
  rxDrop: number;
  txBytes: number;
  txPkts: number;
  txErr: number;
  txDrop: number;
}

/** `xentop -x`: one "VBD ..." line. */
export interface XentopVbd {
  /** "BlkBack", "BlkTap" or "Unidentified". */
  type: string;
  dev: number;
  oo: number;
  rd: number;
  wr: number;
  rsect: number;
  wsect: number;
}

/** One domain in one `xentop -b` sample. */
export interface XentopDomain {
  name: string;
  /** Six characters in xentop's order: d(ying) s(hutdown) b(locked) c(rashed) p(aused) r(unning). */
  stateText: string;
  cpuSec: number;
  /** xentop prints 0.0 in the first iteration, which has no interval to measure. */
  cpuPercent: number;
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
  /** Present only when xentop ran with -v / -n / -x. */
  vcpuSecs?: XentopVcpu[];
  netDevices?: XentopNet[];
  vbdDevices?: XentopVbd[];
}

/** One iteration of `xentop -b`: every domain at one instant. */
export interface XentopSample {
  domains: XentopDomain[];
}
