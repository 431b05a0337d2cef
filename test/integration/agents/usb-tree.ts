/**
 * A simulated /sys/bus/usb/devices tree in a temp dir, with the files the
 * kernel writes for a device and its interfaces, for tests to plug and
 * unplug devices.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeUsbDevice {
  port: string;
  bus: number;
  device: number;
  vendorId: string;
  productId: string;
  manufacturer?: string;
  product?: string;
  serial?: string;
  deviceClass?: string;
  interfaceClasses?: string[];
  speed?: string;
  /** A mass-storage device's disk, as the kernel places it under interface 0. */
  disk?: { name: string; sectors: number; readOnly?: boolean };
}

export class UsbTree {
  /** A fresh temp tree, or an existing folder (the simulated sys-usb's). */
  constructor(readonly root = mkdtempSync(join(tmpdir(), 'qtui-usb-'))) {}

  plug(d: FakeUsbDevice): void {
    const dir = join(this.root, d.port);
    mkdirSync(dir, { recursive: true });
    const files: Record<string, string | undefined> = {
      busnum: String(d.bus),
      devnum: String(d.device),
      idVendor: d.vendorId,
      idProduct: d.productId,
      manufacturer: d.manufacturer,
      product: d.product,
      serial: d.serial,
      bDeviceClass: d.deviceClass ?? '00',
      speed: d.speed ?? '480',
    };
    for (const [f, v] of Object.entries(files)) if (v !== undefined) writeFileSync(join(dir, f), `${v}\n`);
    (d.interfaceClasses ?? []).forEach((c, i) => {
      const iface = join(this.root, `${d.port}:1.${i}`);
      mkdirSync(iface, { recursive: true });
      writeFileSync(join(iface, 'bInterfaceClass'), `${c}\n`);
    });
    if (d.disk) {
      const disk = join(this.root, `${d.port}:1.0`, 'host6', 'target6:0:0', '6:0:0:0', 'block', d.disk.name);
      mkdirSync(disk, { recursive: true });
      writeFileSync(join(disk, 'size'), `${d.disk.sectors}\n`);
      writeFileSync(join(disk, 'ro'), d.disk.readOnly ? '1\n' : '0\n');
    }
  }

  unplug(port: string): void {
    rmSync(join(this.root, port), { recursive: true, force: true });
    for (let i = 0; i < 32; i++) rmSync(join(this.root, `${port}:1.${i}`), { recursive: true, force: true });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
