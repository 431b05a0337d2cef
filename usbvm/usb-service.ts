/**
 * org.qtui.USB1 (see services/dbus-protocol/usb.ts): the devices under a
 * sysfs root, and Added/Removed as they come and go. sysfs gives no change
 * events to an unprivileged reader without udev, so the service polls, often
 * enough that a plugged device shows in dom0 within a second.
 */
import { interface as dbusInterface, type MessageBus } from 'dbus-next';
import { dbusMembers, ownBusName, QTUI_USB, usbBlockDeviceToWire, usbDeviceToWire, type UsbBlockDeviceWire, type UsbDevice, type UsbDeviceWire } from '../services/dbus-protocol/index.js';
import { readUsbBlockDevices, readUsbDevices, SYSFS_USB } from './usb-sysfs.js';

export interface UsbServiceOptions {
  sysfsRoot?: string;
  pollMs?: number;
}

const DEFAULT_POLL_MS = 300;

class Usb1Interface extends dbusInterface.Interface {
  constructor(
    private readonly current: () => UsbDevice[],
    private readonly root: string,
  ) {
    super(QTUI_USB.spec.name);
  }

  List(): UsbDeviceWire[] {
    return this.current().map(usbDeviceToWire);
  }

  // Read on each call: a disk appears some time after its USB device does.
  BlockDevices(): UsbBlockDeviceWire[] {
    return readUsbBlockDevices(this.root).map(usbBlockDeviceToWire);
  }

  Added(device: UsbDeviceWire): UsbDeviceWire {
    return device;
  }

  Removed(port: string): string {
    return port;
  }
}
Usb1Interface.configureMembers(dbusMembers(QTUI_USB.spec));

export interface UsbService {
  stop(): Promise<void>;
}

export async function startUsbService(bus: MessageBus, options: UsbServiceOptions = {}): Promise<UsbService> {
  const root = options.sysfsRoot ?? SYSFS_USB;
  let known = new Map(readUsbDevices(root).map((d) => [d.port, d]));
  const iface = new Usb1Interface(() => [...known.values()], root);
  bus.export(QTUI_USB.objectPath, iface);
  try {
    await ownBusName(bus, QTUI_USB.busName);
  } catch (e) {
    bus.unexport(QTUI_USB.objectPath, iface);
    throw e;
  }

  const timer = setInterval(() => {
    const now = new Map(readUsbDevices(root).map((d) => [d.port, d]));
    const before = known;
    known = now;
    for (const port of before.keys()) if (!now.has(port)) iface.Removed(port);
    for (const [port, d] of now) {
      const old = before.get(port);
      if (!old || JSON.stringify(old) !== JSON.stringify(d)) iface.Added(usbDeviceToWire(d));
    }
  }, options.pollMs ?? DEFAULT_POLL_MS);

  return {
    async stop() {
      clearInterval(timer);
      bus.unexport(QTUI_USB.objectPath, iface);
      await bus.releaseName(QTUI_USB.busName);
    },
  };
}
