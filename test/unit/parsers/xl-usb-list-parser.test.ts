/**
 * `xl usb-list`: no capture of it exists among the Xen samples (the lab has
 * no USB), so the real layout is a fixture written from xl_usb.c's printf
 * formats (it also seeds the fuzzing of the parser). The simulated host's output is parsed by the daemon's USB tests
 * (test/integration/daemon/usb-block-devices.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseXlUsbList } from '../../../xen-bridge/parsers/xl-usb-list-parser.js';

// Written from xl_usb.c's formats: printf("%-6s %-12s %-3s %-5s %-7s %-5s\n", ...) per controller, then "  Port %d:" [" Bus %03x Device %03x"].
const REAL = readFileSync(fileURLToPath(new URL('../../fixtures/xl-usb-list/two-controllers.out', import.meta.url)), 'utf8');

describe('xl usb-list', () => {
  it('reads controllers and the host devices on their ports (bus and address are hex)', () => {
    expect(parseXlUsbList(REAL)).toEqual({
      ok: true,
      value: [
        { devid: 0, type: 'pv', backendId: 3, state: 4, version: 2, ports: 4, devices: [{ port: 1, hostbus: 1, hostaddr: 10 }, { port: 3, hostbus: 2, hostaddr: 17 }] },
        { devid: 1, type: 'devicemodel', backendId: 0, state: 4, version: 3, ports: 2, devices: [] },
      ],
    });
  });

  it('reads nothing as no controllers', () => {
    expect(parseXlUsbList('')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['a port before any controller', '  Port 1:\n'],
    ['a port beyond the controller', 'Devid  Type         BE  state usb-ver ports\n0      pv           0   4     2       1    \n  Port 2:\n'],
    ['a stray line', 'Devid  Type         BE  state usb-ver ports\n0      pv           0   4     2       1    \nPort 1\n'],
    ['a cut-off line', 'Devid  Type         BE  state usb-ver ports\n0      pv'],
  ])('refuses %s', (_what, text) => {
    expect(parseXlUsbList(text).ok).toBe(false);
  });
});
