import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readUsbDevices } from '../../../usbvm/usb-sysfs.js';
import { decodeUsbDevice, usbDeviceToWire } from '../../../services/dbus-protocol/index.js';
import { UsbTree } from '../../integration/agents/usb-tree.js';

let tree: UsbTree;
beforeEach(() => {
  tree = new UsbTree();
});
afterEach(() => tree.remove());

describe('readUsbDevices', () => {
  it('reads devices with their interface classes, ordered by port, skipping root hubs and interfaces', () => {
    tree.plug({ port: '1-10', bus: 1, device: 9, vendorId: '046D', productId: 'c52b', manufacturer: 'Logitech', product: 'USB Receiver', interfaceClasses: ['03', '03'], speed: '12' });
    tree.plug({ port: '1-2', bus: 1, device: 3, vendorId: '0781', productId: '5581', manufacturer: 'SanDisk', product: 'Ultra', serial: '4C53', interfaceClasses: ['08'], speed: '5000' });
    tree.plug({ port: '1-2.1', bus: 1, device: 4, vendorId: '1d6b', productId: '0002', deviceClass: '09' });
    mkdirSync(join(tree.root, 'usb1'));
    writeFileSync(join(tree.root, 'usb1', 'busnum'), '1\n');
    expect(readUsbDevices(tree.root)).toEqual([
      { port: '1-2', bus: 1, device: 3, vendorId: '0781', productId: '5581', manufacturer: 'SanDisk', product: 'Ultra', serial: '4C53', classes: ['08'], speed: '5000' },
      { port: '1-2.1', bus: 1, device: 4, vendorId: '1d6b', productId: '0002', manufacturer: '', product: '', serial: '', classes: ['09'], speed: '480' },
      { port: '1-10', bus: 1, device: 9, vendorId: '046d', productId: 'c52b', manufacturer: 'Logitech', product: 'USB Receiver', serial: '', classes: ['03'], speed: '12' },
    ]);
  });

  it('strips control characters and bounds descriptor strings; skips devices with bad numbers or ids', () => {
    tree.plug({ port: '2-1', bus: 2, device: 2, vendorId: '1234', productId: '5678', product: `evil\u001b[2J${'x'.repeat(300)}` });
    tree.plug({ port: '2-2', bus: 2, device: 0, vendorId: '1234', productId: '5678' });
    tree.plug({ port: '2-3', bus: 2, device: 5, vendorId: 'zzzz', productId: '5678' });
    const devices = readUsbDevices(tree.root);
    expect(devices.map((d) => d.port)).toEqual(['2-1']);
    const [first] = devices;
    if (!first) throw new Error('no device');
    expect(first.product).toBe(`evil[2J${'x'.repeat(126 - 7)}`);
    // What the agent sends passes the relay's checks.
    expect(decodeUsbDevice(usbDeviceToWire(first))).toEqual(first);
  });

  it('a missing root is no devices', () => {
    expect(readUsbDevices(join(tree.root, 'nope'))).toEqual([]);
  });
});

describe('decodeUsbDevice', () => {
  const good = ['1-2', 1, 3, '0781', '5581', 'SanDisk', 'Ultra', '4C53', ['08'], '5000'];
  it.each([
    ['a bad port', 0, '../1'],
    ['bus 0', 1, 0],
    ['an upper-case id', 3, 'ABCD'],
    ['a control character', 6, 'a\nb'],
    ['a bad class', 8, ['8']],
    ['a bad speed', 9, 'fast'],
  ])('refuses %s', (_why, index, value) => {
    const v = [...good];
    v[index as number] = value;
    expect(typeof decodeUsbDevice(v)).toBe('string');
  });
});
