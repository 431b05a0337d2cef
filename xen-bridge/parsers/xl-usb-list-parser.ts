import { ok, parseError, type Result } from '../result.js';
import { splitOutputLines } from './output-lines.js';

/** One host USB device on a port of a guest's virtual controller. */
export interface UsbPortDevice {
  port: number;
  hostbus: number;
  hostaddr: number;
}

/** One virtual USB controller of `xl usb-list DOMAIN`, with what sits on its ports. */
export interface UsbControllerInfo {
  devid: number;
  /** libxl_usbctrl_type: pv, devicemodel, qusb, auto. */
  type: string;
  backendId: number;
  state: number;
  version: number;
  ports: number;
  devices: UsbPortDevice[];
}

const WHAT = 'xl usb-list';
const HEADER_RE = /^Devid\s+Type\s+BE\s+state\s+usb-ver\s+ports\s*$/;
const CONTROLLER_RE = /^(\d+)\s+(\S+)\s+(\d+)\s+(-?\d+)\s+(\d+)\s+(\d+)\s*$/;
// xl_usb.c prints bus and address with %03x: hexadecimal.
const PORT_RE = /^ {2}Port (\d+):(?: Bus ([0-9a-f]{3,}) Device ([0-9a-f]{3,}))?$/;

/**
 * `xl usb-list DOMAIN` (xl_usb.c main_usblist): for each controller a header,
 * the controller's row, then one `  Port N:` line per port, followed by
 * ` Bus BBB Device DDD` when a host device sits there. A domain with no
 * controller prints nothing.
 */
export function parseXlUsbList(text: string): Result<UsbControllerInfo[]> {
  const lines = splitOutputLines(WHAT, text);
  if (!lines.ok) return lines;
  const controllers: UsbControllerInfo[] = [];
  let current: UsbControllerInfo | undefined;
  for (const [i, line] of lines.value.entries()) {
    const n = i + 1;
    if (HEADER_RE.test(line)) {
      current = undefined;
      continue;
    }
    const c = CONTROLLER_RE.exec(line);
    if (c) {
      const [, devid, type = '', be, state, version, ports] = c;
      current = { devid: Number(devid), type, backendId: Number(be), state: Number(state), version: Number(version), ports: Number(ports), devices: [] };
      controllers.push(current);
      continue;
    }
    const p = PORT_RE.exec(line);
    if (p && current) {
      const [, port, bus, addr] = p;
      if (Number(port) > current.ports) return parseError(WHAT, n, line, `port beyond the controller's ${current.ports}`);
      if (bus !== undefined && addr !== undefined) current.devices.push({ port: Number(port), hostbus: parseInt(bus, 16), hostaddr: parseInt(addr, 16) });
      continue;
    }
    return parseError(WHAT, n, line, current ? 'not a port line' : 'expected a controller header or row');
  }
  return ok(controllers);
}
