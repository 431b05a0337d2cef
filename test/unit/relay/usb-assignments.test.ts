import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsbDevice } from '../../../services/dbus-protocol/index.js';
import { isUsbDeviceId, UsbAssignments, usbDeviceId, usbDeviceMatches } from '../../../services/relay/usb-assignments.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qtui-usb-assign-'));
  dirs.push(dir);
  return join(dir, 'usb-assignments.json');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const stick: UsbDevice = { port: '1-1', bus: 1, device: 4, vendorId: '0781', productId: '5581', manufacturer: 'SanDisk', product: 'Ultra', serial: 'ABC123', classes: ['08'], speed: '480' };

describe('USB device ids', () => {
  it('name a device by vendor:product and a printable serial', () => {
    expect(usbDeviceId(stick)).toBe('0781:5581:ABC123');
    expect(usbDeviceId({ ...stick, serial: '' })).toBe('0781:5581');
    expect(usbDeviceId({ ...stick, serial: 'has space' })).toBe('0781:5581');
    expect(usbDeviceMatches('0781:5581', stick)).toBe(true);
    expect(usbDeviceMatches('0781:5581:OTHER', stick)).toBe(false);
  });

  it.each(['0781:5581', '0781:5581:ABC123'])('accepts %s', (id) => expect(isUsbDeviceId(id)).toBe(true));
  it.each(['1-1', '0781', '0781:558', 'ABCD:5581', '0781:5581:', '0781:5581:a b', '0781:5581:\x1b'])('refuses %j', (id) => {
    expect(isUsbDeviceId(id)).toBe(false);
  });
});

describe('UsbAssignments', () => {
  it('survives a restart, gives each device to one qube, and writes a private file', async () => {
    const path = tempFile();
    const a = new UsbAssignments(path);
    await a.assign('work', '0781:5581:ABC123');
    await a.assign('personal', '046d:c52b');
    await a.assign('vault', '0781:5581:ABC123');
    const b = new UsbAssignments(path);
    expect(b.assignedDevices('work')).toEqual([]);
    expect(b.assignedDevices('vault')).toEqual(['0781:5581:ABC123']);
    expect(b.assignedDevices('personal')).toEqual(['046d:c52b']);
    expect(await b.unassign('vault', '0781:5581:ABC123')).toBe(true);
    expect(await b.unassign('vault', '0781:5581:ABC123')).toBe(false);
    expect(new UsbAssignments(path).all()).toEqual([{ qube: 'personal', device: '046d:c52b' }]);
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([{ qube: 'personal', device: '046d:c52b' }]);
  });

  it('starts empty without a file and skips malformed entries', () => {
    const path = tempFile();
    expect(new UsbAssignments(path).all()).toEqual([]);
    writeFileSync(path, JSON.stringify([{ qube: 'work', device: 'nonsense' }, { qube: 'work', device: '046d:c52b' }, 7]));
    expect(new UsbAssignments(path).all()).toEqual([{ qube: 'work', device: '046d:c52b' }]);
  });
});
