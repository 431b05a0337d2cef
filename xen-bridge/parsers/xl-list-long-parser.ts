import { ok, parseError, type Result } from '../result.js';
import type { ChannelInfo, DiskInfo, DomainDetail, NicInfo, UsbCtrlInfo } from '../types.js';
import { isJsonObject, parseJsonText, type JsonDocument, type JsonObject, type JsonValue } from './json-text.js';
import { splitOutputLines } from './output-lines.js';

const WHAT = 'xl list -l';

class ShapeError {
  constructor(
    readonly node: object,
    readonly message: string,
  ) {}
}

function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ShapeError(obj, `"${key}" is not a string`);
  return v;
}

function int(obj: JsonObject, key: string): number | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ShapeError(obj, `"${key}" is not an integer`);
  return v;
}

function obj(parent: JsonObject, key: string): JsonObject | undefined {
  const v = parent[key];
  if (v === undefined) return undefined;
  if (!isJsonObject(v)) throw new ShapeError(parent, `"${key}" is not an object`);
  return v;
}

function objects(parent: JsonObject, key: string): JsonObject[] {
  const v: JsonValue | undefined = parent[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ShapeError(parent, `"${key}" is not an array`);
  return v.map((item) => {
    if (!isJsonObject(item)) throw new ShapeError(v, `"${key}" holds something that is not an object`);
    return item;
  });
}

/** libxl writes a keyed union as one "KEY.CASE" member; returns [CASE, its object]. */
function keyedUnion(parent: JsonObject, key: string): [string, JsonObject] | undefined {
  for (const [k, v] of Object.entries(parent)) {
    if (k.startsWith(`${key}.`) && isJsonObject(v)) return [k.slice(key.length + 1), v];
  }
  return undefined;
}

function kibToMiB(kib: number | undefined): number | undefined {
  // Domain-0's target is 1 KiB short of a MiB boundary (1048575); round like a person would read it.
  return kib === undefined ? undefined : Math.round(kib / 1024);
}

function backendDomain(o: JsonObject): string | undefined {
  const id = int(o, 'backend_domid');
  return str(o, 'backend_domname') ?? (id ? String(id) : undefined);
}

function disk(d: JsonObject): DiskInfo {
  const target = str(d, 'pdev_path') ?? '';
  const vdev = str(d, 'vdev');
  if (vdev === undefined) throw new ShapeError(d, 'disk without "vdev"');
  return {
    target,
    vdev,
    format: str(d, 'format'),
    readonly: !int(d, 'readwrite'),
    backendDomain: backendDomain(d),
    isCdrom: Boolean(int(d, 'is_cdrom')),
    backend: str(d, 'backend'),
    script: str(d, 'script'),
  };
}

function nic(n: JsonObject): NicInfo {
  const devid = int(n, 'devid');
  if (devid === undefined) throw new ShapeError(n, 'nic without "devid"');
  return {
    devid,
    mac: str(n, 'mac'),
    ip: str(n, 'ip'),
    bridge: str(n, 'bridge'),
    script: str(n, 'script'),
    backendDomain: backendDomain(n),
    model: str(n, 'model'),
    nictype: str(n, 'nictype'),
  };
}

function channel(c: JsonObject): ChannelInfo {
  const connection = keyedUnion(c, 'connection');
  return {
    devid: int(c, 'devid'),
    name: str(c, 'name'),
    connection: connection?.[0],
    path: connection ? str(connection[1], 'path') : undefined,
    backendDomain: backendDomain(c),
  };
}

function usbctrl(u: JsonObject): UsbCtrlInfo {
  return {
    devid: int(u, 'devid'),
    version: int(u, 'version'),
    ports: int(u, 'ports'),
    type: str(u, 'type'),
    backendDomain: backendDomain(u),
  };
}

function usbdev(u: JsonObject): DomainDetail['usbdevs'][number] {
  const hostdev = keyedUnion(u, 'type');
  return {
    ctrl: int(u, 'ctrl'),
    port: int(u, 'port'),
    hostbus: hostdev ? int(hostdev[1], 'hostbus') : undefined,
    hostaddr: hostdev ? int(hostdev[1], 'hostaddr') : undefined,
  };
}

function domain(entry: JsonValue, list: JsonValue[]): DomainDetail {
  if (!isJsonObject(entry)) throw new ShapeError(list, 'an element of the list is not an object');
  // c_info.domid is the saved config's (4294967295 for domUs); the live id is the top-level one.
  const domid = int(entry, 'domid');
  if (domid === undefined) throw new ShapeError(entry, 'domain without a top-level "domid"');
  const config = obj(entry, 'config');
  if (!config) throw new ShapeError(entry, 'domain without "config"');
  const cInfo = obj(config, 'c_info');
  if (!cInfo) throw new ShapeError(config, 'config without "c_info"');
  const name = str(cInfo, 'name');
  if (name === undefined) throw new ShapeError(cInfo, 'c_info without "name"');
  const bInfo = obj(config, 'b_info') ?? {};
  return {
    domid,
    name,
    uuid: str(cInfo, 'uuid'),
    type: str(cInfo, 'type') ?? 'unknown',
    memoryMiB: kibToMiB(int(bInfo, 'target_memkb')),
    maxmemMiB: kibToMiB(int(bInfo, 'max_memkb')),
    vcpus: int(bInfo, 'max_vcpus'),
    kernel: str(bInfo, 'kernel'),
    ramdisk: str(bInfo, 'ramdisk'),
    cmdline: str(bInfo, 'cmdline'),
    disks: objects(config, 'disks').map(disk),
    nics: objects(config, 'nics').map(nic),
    channels: objects(config, 'channels').map(channel),
    usbctrls: objects(config, 'usbctrls').map(usbctrl),
    usbdevs: objects(config, 'usbdevs').map(usbdev),
  };
}

function toDetails(doc: JsonDocument): Result<DomainDetail[]> {
  if (!Array.isArray(doc.value)) return parseError(WHAT, 1, '', 'output is not a JSON array');
  try {
    const list = doc.value;
    return ok(list.map((entry) => domain(entry, list)));
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    const line = doc.lineOf(e.node);
    return parseError(WHAT, line, doc.lineText(line), e.message);
  }
}

/**
 * `xl list -l [NAME...]`: a JSON array with one {domid, config} per domain
 * (also for a single NAME). Domain-0 carries far fewer fields than a domU.
 */
export function parseXlListLong(text: string): Result<DomainDetail[]> {
  const complete = splitOutputLines(WHAT, text);
  if (!complete.ok) return complete;
  if (text.trim() === '') return parseError(WHAT, 0, '', 'empty output');
  const doc = parseJsonText(WHAT, text);
  return doc.ok ? toDetails(doc.value) : doc;
}
