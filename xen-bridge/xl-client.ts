/**
 * Typed access to xl: each method builds a validated argument array, runs it
 * through the XlRunner and returns parsed data. Every failure is a XenError:
 * a bad name or value before xl is run ('invalid-argument'), xl's own
 * failure, or output that does not parse ('unparseable-output').
 */
import { parseXlBlockList } from './parsers/xl-block-list-parser.js';
import { parseXlInfo } from './parsers/xl-info-parser.js';
import { parseXlListLong } from './parsers/xl-list-long-parser.js';
import { parseXlList } from './parsers/xl-list-parser.js';
import { parseXlNetworkList } from './parsers/xl-network-list-parser.js';
import { parseXlUptime } from './parsers/xl-uptime-parser.js';
import { parseXlUsbList, type UsbControllerInfo } from './parsers/xl-usb-list-parser.js';
import { parseXlVcpuList } from './parsers/xl-vcpu-list-parser.js';
import { formatParseError, type Result } from './result.js';
import type { BlockDeviceInfo, DomainDetail, DomainSummary, NetworkDeviceInfo, UptimeEntry, VcpuInfo, XenInfo } from './types.js';
import { LIMITS } from './xl-cfg/xl-cfg-validate.js';
import { absolutePath, blockVdev, DeviceSpecError, diskArg, integer, macAddress, usbctrlArgs, usbdevArgs, usbPort, vifArgs, type UsbDevSpec } from './xl-device-args.js';
import type { DiskSpec, UsbCtrlSpec, VifSpec } from './xl-cfg/xl-config.js';
import { XenError } from './xen-error.js';
import { domainArg, invalidArgument, newDomainName, type DomainRef } from './xl-domain-arg.js';
import type { XlRunner, XlRunOptions } from './xl-runner.js';

export type { DomainRef, UsbControllerInfo };

/** `xl shutdown -w` waits for the guest to go down, which may take minutes. */
const SHUTDOWN_WAIT_TIMEOUT_MS = 300_000;

export class XlClient {
  constructor(private readonly runner: XlRunner) {}

  async list(): Promise<DomainSummary[]> {
    return this.read(['list'], parseXlList);
  }

  async listLong(dom?: DomainRef): Promise<DomainDetail[]> {
    return this.read(['list', '-l', ...this.optionalDomain(['list', '-l'], dom)], parseXlListLong);
  }

  async info(): Promise<XenInfo> {
    return this.read(['info'], parseXlInfo);
  }

  async vcpuList(dom?: DomainRef): Promise<VcpuInfo[]> {
    return this.read(['vcpu-list', ...this.optionalDomain(['vcpu-list'], dom)], parseXlVcpuList);
  }

  async uptime(): Promise<UptimeEntry[]> {
    return this.read(['uptime'], parseXlUptime);
  }

  async networkList(dom: DomainRef): Promise<NetworkDeviceInfo[]> {
    return this.read(['network-list', domainArg(['network-list'], dom)], parseXlNetworkList);
  }

  async blockList(dom: DomainRef): Promise<BlockDeviceInfo[]> {
    return this.read(['block-list', domainArg(['block-list'], dom)], parseXlBlockList);
  }

  async create(cfgPath: string, opts: { paused?: boolean } = {}): Promise<void> {
    const path = specArg(['create', cfgPath], () => absolutePath('config file', cfgPath));
    await this.write(['create', ...(opts.paused ? ['-p'] : []), path]);
  }

  async shutdown(dom: DomainRef, opts: { wait?: boolean; force?: boolean } = {}): Promise<void> {
    const flags = [...(opts.wait ? ['-w'] : []), ...(opts.force ? ['-F'] : [])];
    const args = ['shutdown', ...flags, domainArg(['shutdown', ...flags], dom)];
    await this.write(args, opts.wait ? { timeoutMs: SHUTDOWN_WAIT_TIMEOUT_MS } : {});
  }

  async reboot(dom: DomainRef, opts: { force?: boolean } = {}): Promise<void> {
    const flags = opts.force ? ['-F'] : [];
    await this.write(['reboot', ...flags, domainArg(['reboot', ...flags], dom)]);
  }

  async destroy(dom: DomainRef): Promise<void> {
    await this.write(['destroy', domainArg(['destroy'], dom)]);
  }

  async pause(dom: DomainRef): Promise<void> {
    await this.write(['pause', domainArg(['pause'], dom)]);
  }

  async unpause(dom: DomainRef): Promise<void> {
    await this.write(['unpause', domainArg(['unpause'], dom)]);
  }

  async rename(dom: DomainRef, newName: string): Promise<void> {
    const current = domainArg(['rename'], dom);
    await this.write(['rename', current, newDomainName(['rename', current, newName], newName)]);
  }

  async memSet(dom: DomainRef, mib: number): Promise<void> {
    await this.write(['mem-set', domainArg(['mem-set'], dom), memoryArg(['mem-set'], mib)]);
  }

  async memMax(dom: DomainRef, mib: number): Promise<void> {
    await this.write(['mem-max', domainArg(['mem-max'], dom), memoryArg(['mem-max'], mib)]);
  }

  async vcpuSet(dom: DomainRef, count: number): Promise<void> {
    const d = domainArg(['vcpu-set'], dom);
    await this.write(['vcpu-set', d, specArg(['vcpu-set', d], () => integer('vcpus', count, 1, LIMITS.maxVcpus))]);
  }

  async networkAttach(dom: DomainRef, spec: VifSpec): Promise<void> {
    const d = domainArg(['network-attach'], dom);
    await this.write(['network-attach', d, ...specArg(['network-attach', d], () => vifArgs(spec))]);
  }

  /** Detaches by device id (a number) or by MAC address. */
  async networkDetach(dom: DomainRef, device: number | string): Promise<void> {
    const d = domainArg(['network-detach'], dom);
    const dev = specArg(['network-detach', d], () => (typeof device === 'number' ? integer('devid', device, 0, 65535) : macAddress(device)));
    await this.write(['network-detach', d, dev]);
  }

  async blockAttach(dom: DomainRef, spec: DiskSpec): Promise<void> {
    const d = domainArg(['block-attach'], dom);
    await this.write(['block-attach', d, specArg(['block-attach', d], () => diskArg(spec))]);
  }

  async blockDetach(dom: DomainRef, vdev: string): Promise<void> {
    const d = domainArg(['block-detach'], dom);
    await this.write(['block-detach', d, specArg(['block-detach', d], () => blockVdev(vdev))]);
  }

  async usbctrlAttach(dom: DomainRef, spec: UsbCtrlSpec): Promise<void> {
    const d = domainArg(['usbctrl-attach'], dom);
    await this.write(['usbctrl-attach', d, ...specArg(['usbctrl-attach', d], () => usbctrlArgs(spec))]);
  }

  /**
   * A controller served by `backend` (a driver domain such as sys-usb). xl
   * 4.17 itself knows no backend= for usbctrl-attach and refuses it; the
   * simulated host accepts it, so xl's own refusal is what the caller sees.
   */
  async usbctrlAttachFrom(dom: DomainRef, spec: UsbCtrlSpec, backend: DomainRef): Promise<void> {
    const d = domainArg(['usbctrl-attach'], dom);
    const args = specArg(['usbctrl-attach', d], () => usbctrlArgs(spec));
    await this.write(['usbctrl-attach', d, ...args, `backend=${domainArg(['usbctrl-attach', d], backend)}`]);
  }

  async usbctrlDetach(dom: DomainRef, devid: number): Promise<void> {
    const d = domainArg(['usbctrl-detach'], dom);
    await this.write(['usbctrl-detach', d, specArg(['usbctrl-detach', d], () => integer('controller', devid, 0, 65535))]);
  }

  async usbList(dom: DomainRef): Promise<UsbControllerInfo[]> {
    return this.read(['usb-list', domainArg(['usb-list'], dom)], parseXlUsbList);
  }

  async usbdevAttach(dom: DomainRef, spec: UsbDevSpec): Promise<void> {
    const d = domainArg(['usbdev-attach'], dom);
    await this.write(['usbdev-attach', d, ...specArg(['usbdev-attach', d], () => usbdevArgs(spec))]);
  }

  async usbdevDetach(dom: DomainRef, controller: number, port: number): Promise<void> {
    const d = domainArg(['usbdev-detach'], dom);
    const where = specArg(['usbdev-detach', d], () => [integer('controller', controller, 0, 65535), usbPort(port)]);
    await this.write(['usbdev-detach', d, ...where]);
  }

  private async read<T>(args: string[], parse: (text: string) => Result<T>): Promise<T> {
    const { stdout } = await this.runner.run(args);
    const parsed = parse(stdout);
    if (!parsed.ok) throw new XenError('unparseable-output', ['xl', ...args], 0, formatParseError(parsed.error));
    return parsed.value;
  }

  private async write(args: string[], opts: XlRunOptions = {}): Promise<void> {
    await this.runner.run(args, { ...opts, mutating: true });
  }

  private optionalDomain(command: string[], dom: DomainRef | undefined): string[] {
    return dom === undefined ? [] : [domainArg(command, dom)];
  }
}

function memoryArg(command: readonly string[], mib: number): string {
  return `${specArg(command, () => integer('memory (MiB)', mib, 1, LIMITS.maxMemoryMiB))}m`;
}

/** Runs a spec builder, turning its refusal into the client's typed error. */
function specArg<T>(command: readonly string[], build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof DeviceSpecError) throw invalidArgument(command, e.message);
    throw e;
  }
}

