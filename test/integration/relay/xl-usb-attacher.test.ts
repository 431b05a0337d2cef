/**
 * XlUsbAttacher on the simulated host, and on a host whose xl is Xen 4.17's
 * about a driver-domain backend: there, usbctrl-attach knows no backend=
 * and libxl refuses USB devices from a non-dom0 backend; the user is told
 * why rather than handed libxl's words alone. The 4.17 xl is the simulated
 * one behind a wrapper that answers those two commands as 4.17 does.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsbDevice } from '../../../services/dbus-protocol/index.js';
import { XlUsbAttacher } from '../../../services/relay/xl-usb-attacher.js';
import { XlClient } from '../../../xen-bridge/xl-client.js';
import { XlRunner } from '../../../xen-bridge/xl-runner.js';
import { SIM_BIN, SimXenHost } from '../../support/sim-host.js';
import { createDomain } from './relay-fixture.js';

let host: SimXenHost;
let wrapperDir: string;
let sim: XlUsbAttacher;
let xen417: XlUsbAttacher;

const MOUSE: UsbDevice = { port: '1-1', bus: 1, device: 4, vendorId: '046d', productId: 'c077', manufacturer: '', product: '', serial: '', classes: ['03'], speed: '12' };

beforeAll(async () => {
  host = await SimXenHost.create();
  await createDomain(host, 'sys-usb');
  await createDomain(host, 'work');
  await createDomain(host, 'personal');
  sim = new XlUsbAttacher(new XlClient(new XlRunner({ xlPath: join(SIM_BIN, 'xl'), env: host.env })));
  wrapperDir = mkdtempSync(join(tmpdir(), 'qtui-xl417-'));
  const wrapper = join(wrapperDir, 'xl');
  // xl_parse.c parse_usbctrl_config and libxl_usb.c libxl__device_usbdev_add, as 4.17 prints them.
  writeFileSync(
    wrapper,
    `#!/bin/sh
case "$1" in
  usbctrl-attach) for a in "$@"; do case "$a" in backend=*) echo "Unknown string \\\`$a' in usbctrl spec" >&2; exit 1;; esac; done;;
  usbdev-attach) echo "libxl: error: libxl_usb.c:1647:libxl__device_usbdev_add: Domain 2:Don't support adding USB device from non-Dom0 backend" >&2; echo "libxl_device_usbdev_add failed." >&2; exit 1;;
esac
exec ${JSON.stringify(join(SIM_BIN, 'xl'))} "$@"
`,
  );
  chmodSync(wrapper, 0o755);
  xen417 = new XlUsbAttacher(new XlClient(new XlRunner({ xlPath: wrapper, env: host.env })));
}, 60_000);

afterAll(async () => {
  await host?.teardown();
  rmSync(wrapperDir, { recursive: true, force: true });
});

describe('XlUsbAttacher', () => {
  it('makes one controller served by the backend and reuses it; attachments and detach follow xl', async () => {
    await sim.attach('work', MOUSE, 'sys-usb');
    await sim.attach('work', { ...MOUSE, port: '1-2', device: 5 }, 'sys-usb');
    const list = (await host.xl('usb-list', 'work')).stdout;
    expect(list.match(/^\d+\s+pv/gm)).toHaveLength(1);
    expect(await sim.attachments('sys-usb')).toEqual([
      { qube: 'work', hostbus: 1, hostaddr: 4, controller: 0, port: 1 },
      { qube: 'work', hostbus: 1, hostaddr: 5, controller: 0, port: 2 },
    ]);
    await sim.detach('work', MOUSE, 'sys-usb');
    expect((await sim.attachments('sys-usb')).map((a) => a.hostaddr)).toEqual([5]);
    await sim.detach('work', { ...MOUSE, port: '1-2', device: 5 }, 'sys-usb');
    expect(await sim.attachments('sys-usb')).toEqual([]);
  });

  it('on Xen 4.17 says that xl cannot serve PV USB from sys-usb, for a new controller and for an existing one', async () => {
    await expect(xen417.attach('personal', MOUSE, 'sys-usb')).rejects.toThrow(/this Xen's xl serves PV USB only from dom0, not from sys-usb \(Unknown string `backend=sys-usb' in usbctrl spec\)/);
    // A controller served by sys-usb made some other way: libxl then refuses the device itself.
    expect((await host.xl('usbctrl-attach', 'personal', 'backend=sys-usb')).code).toBe(0);
    await expect(xen417.attach('personal', MOUSE, 'sys-usb')).rejects.toThrow(/serves PV USB only from dom0, not from sys-usb \(libxl: error: .*non-Dom0 backend\)/);
    expect(await sim.attachments('sys-usb')).toEqual([]);
  });
});
