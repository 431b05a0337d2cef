/**
 * org.qtui.USB1 on a real private dbus-daemon over a simulated sysfs tree:
 * a device plugged in or pulled out is announced (Added/Removed) and listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientInterface, MessageBus } from 'dbus-next';
import { startDbusDaemon, type DbusDaemon } from '../../support/dbus-daemon.js';
import { startUsbService, type UsbService } from '../../../usbvm/usb-service.js';
import { connectBus, decodeUsbBlockDevice, decodeUsbDevice, QTUI_USB, type UsbDevice } from '../../../services/dbus-protocol/index.js';
import { call, introspect, ownInterfaces } from './dbus-clients.js';
import { SignalLog } from './signal-log.js';
import { UsbTree } from './usb-tree.js';

let daemon: DbusDaemon;
let serverBus: MessageBus;
let clientBus: MessageBus;
let service: UsbService;
let usb: ClientInterface;
let signals: SignalLog;
let tree: UsbTree;

const MOUSE = { port: '1-1', bus: 1, device: 2, vendorId: '046d', productId: 'c077', manufacturer: 'Logitech', product: 'Mouse', interfaceClasses: ['03'], speed: '1.5' };
const STICK = {
  port: '2-1.4',
  bus: 2,
  device: 7,
  vendorId: '0781',
  productId: '5581',
  manufacturer: 'SanDisk',
  product: 'Ultra',
  serial: '4C530001',
  interfaceClasses: ['08'],
  speed: '5000',
  disk: { name: 'sdb', sectors: 61_071_360 },
};

beforeAll(async () => {
  tree = new UsbTree();
  tree.plug(MOUSE);
  daemon = await startDbusDaemon();
  serverBus = await connectBus(daemon.address);
  service = await startUsbService(serverBus, { sysfsRoot: tree.root, pollMs: 50 });
  clientBus = await connectBus(daemon.address);
  usb = (await clientBus.getProxyObject(QTUI_USB.busName, QTUI_USB.objectPath)).getInterface(QTUI_USB.spec.name);
  signals = new SignalLog(usb, ['Added', 'Removed']);
  await call(usb, 'List');
});

afterAll(async () => {
  await service?.stop();
  clientBus?.disconnect();
  serverBus?.disconnect();
  await daemon?.stop();
  tree?.remove();
});

async function list(): Promise<UsbDevice[]> {
  const raw = await call(usb, 'List');
  if (!Array.isArray(raw)) throw new Error('List did not return an array');
  return raw.map((v: unknown) => {
    const d = decodeUsbDevice(v);
    if (typeof d === 'string') throw new Error(d);
    return d;
  });
}

describe('org.qtui.USB1', () => {
  it('introspects as specified', async () => {
    expect(ownInterfaces(await introspect(daemon.address, QTUI_USB.busName, QTUI_USB.objectPath))).toEqual({
      'org.qtui.USB1': { methods: { List: { in: '', out: 'a(suusssssass)' }, BlockDevices: { in: '', out: 'a(sstb)' } }, signals: { Added: '(suusssssass)', Removed: 's' } },
    });
  });

  it('lists the devices present at start', async () => {
    expect(await list()).toEqual([{ port: '1-1', bus: 1, device: 2, vendorId: '046d', productId: 'c077', manufacturer: 'Logitech', product: 'Mouse', serial: '', classes: ['03'], speed: '1.5' }]);
  });

  it('announces a plugged device with Added and lists it', async () => {
    tree.plug(STICK);
    const [added] = await signals.waitFor('Added', ([d]) => Array.isArray(d) && d[0] === '2-1.4');
    expect(decodeUsbDevice(added)).toMatchObject({ port: '2-1.4', bus: 2, device: 7, classes: ['08'], serial: '4C530001' });
    expect((await list()).map((d) => d.port)).toEqual(['1-1', '2-1.4']);
  });

  it('offers the disk of a storage device, with its size, under BlockDevices', async () => {
    const raw = await call(usb, 'BlockDevices');
    expect(Array.isArray(raw) && raw.map((v: unknown) => decodeUsbBlockDevice(v))).toEqual([{ port: '2-1.4', name: 'sdb', sizeBytes: 61_071_360n * 512n, readOnly: false }]);
  });

  it('announces an unplugged device with Removed and lists it no more', async () => {
    tree.unplug('1-1');
    expect(await signals.waitFor('Removed', ([p]) => p === '1-1')).toEqual(['1-1']);
    expect((await list()).map((d) => d.port)).toEqual(['2-1.4']);
    expect(signals.count('Added', ([d]) => Array.isArray(d) && d[0] === '1-1')).toBe(0);
  });
});
