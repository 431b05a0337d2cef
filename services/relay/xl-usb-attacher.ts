/**
 * Xen's PV USB with a driver domain (sys-usb) as the backend, through xl:
 * the receiving qube gets a virtual controller served by the backend
 * (`xl usbctrl-attach QUBE version=2 ports=8 backend=BACKEND`) the first
 * time, then the device goes on a free port of it (`xl usbdev-attach QUBE
 * hostbus=B hostaddr=A controller=C`); detach is `xl usbdev-detach QUBE C P`.
 * The controller is always named, so libxl never puts the device on a
 * dom0-served controller of its own choosing.
 *
 * Xen 4.17's own xl cannot do this: it knows no backend= for usbctrl-attach,
 * and libxl refuses USB devices from a non-dom0 backend. That refusal is
 * explained rather than passed on raw (the simulated host accepts both).
 */
import type { UsbDevice } from '../dbus-protocol/index.js';
import type { XlClient } from '../../xen-bridge/xl-client.js';
import { CommandError } from '../commands/command-spec.js';
import type { UsbAttacher, UsbAttachment } from './relay-context.js';
import type { DomainDetail } from '../../xen-bridge/types.js';
import { domainDetails, isBackend, notItsOwnBackend, runningDomid, xlStep } from './xl-domains.js';

/** What libxl creates when nothing else is asked for: USB 2.0, 8 ports. */
const CONTROLLER = { version: 2, ports: 8 } as const;

const LIBXL_DOM0_ONLY = /Unknown string `backend=|non-Dom0 backend/;

function explainRefusal(backend: string): (detail: string) => string | undefined {
  return (detail) => {
    const line = detail.split('\n').find((l) => LIBXL_DOM0_ONLY.test(l));
    return line === undefined ? undefined : `this Xen's xl serves PV USB only from dom0, not from ${backend} (${line.trim()}); USB devices of ${backend} cannot be attached through xl on this host`;
  };
}

function deviceName(backend: string, device: UsbDevice): string {
  return `${backend}:${device.port} (bus ${device.bus} device ${device.device})`;
}

export class XlUsbAttacher implements UsbAttacher {
  constructor(private readonly xl: XlClient) {}

  async attachments(backend: string): Promise<UsbAttachment[]> {
    return attachedFrom(await domainDetails(this.xl), backend);
  }

  async attach(qube: string, device: UsbDevice, backend: string): Promise<void> {
    const what = `cannot attach ${deviceName(backend, device)} to ${qube}`;
    notItsOwnBackend(what, qube, backend);
    const domains = await domainDetails(this.xl);
    runningDomid(domains, qube, 'a qube receiving a device');
    const backendId = runningDomid(domains, backend, 'the USB backend');
    const holder = attachedFrom(domains, backend).find((a) => a.hostbus === device.bus && a.hostaddr === device.device);
    if (holder) throw new CommandError(`${what}: it is already attached to ${holder.qube}${holder.qube === qube ? '' : ' (detach it there first)'}`, 1, 'failed');

    const controller = await this.controllerWithRoom(qube, backend, backendId, what);
    await xlStep(what, () => this.xl.usbdevAttach(qube, { hostbus: device.bus, hostaddr: device.device, controller }), explainRefusal(backend));
  }

  async detach(qube: string, device: UsbDevice, backend: string): Promise<void> {
    const what = `cannot detach ${deviceName(backend, device)} from ${qube}`;
    const domains = await domainDetails(this.xl);
    runningDomid(domains, qube, 'a qube holding a device');
    const backendId = runningDomid(domains, backend, 'the USB backend');
    const controllers = await xlStep(what, () => this.xl.usbList(qube));
    for (const c of controllers.filter((c) => c.backendId === backendId)) {
      const at = c.devices.find((u) => u.hostbus === device.bus && u.hostaddr === device.device);
      if (at) return xlStep(what, () => this.xl.usbdevDetach(qube, c.devid, at.port), explainRefusal(backend));
    }
    throw new CommandError(`${what}: it is not attached to ${qube}`, 1, 'not-found');
  }

  /** The devid of a controller of `qube` served by the backend with a free port, made first if there is none. */
  private async controllerWithRoom(qube: string, backend: string, backendId: number, what: string): Promise<number> {
    const withRoom = (list: Awaited<ReturnType<XlClient['usbList']>>): number | undefined =>
      list.find((c) => c.backendId === backendId && c.devices.length < c.ports)?.devid;
    const before = await xlStep(what, () => this.xl.usbList(qube));
    const found = withRoom(before);
    if (found !== undefined) return found;
    await xlStep(what, () => this.xl.usbctrlAttachFrom(qube, CONTROLLER, backend), explainRefusal(backend));
    const made = withRoom((await xlStep(what, () => this.xl.usbList(qube))).filter((c) => !before.some((b) => b.devid === c.devid)));
    if (made === undefined) throw new CommandError(`${what}: xl made no controller served by ${backend}`, 1, 'failed');
    return made;
  }
}

/** The host devices of `backend` on the controllers it serves, across `domains`. */
function attachedFrom(domains: readonly DomainDetail[], backend: string): UsbAttachment[] {
  const backendId = runningDomid(domains, backend, 'the USB backend');
  const out: UsbAttachment[] = [];
  for (const d of domains) {
    const served = new Set(d.usbctrls.filter((c) => isBackend(c.backendDomain, backend, backendId)).map((c) => c.devid));
    for (const u of d.usbdevs) {
      if (u.ctrl === undefined || u.port === undefined || u.hostbus === undefined || u.hostaddr === undefined || !served.has(u.ctrl)) continue;
      out.push({ qube: d.name, hostbus: u.hostbus, hostaddr: u.hostaddr, controller: u.ctrl, port: u.port });
    }
  }
  return out;
}
