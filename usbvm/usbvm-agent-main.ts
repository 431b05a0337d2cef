/**
 * sys-usb's agent: org.qtui.USB1 on the qube's bus.
 * Usage: usbvm-agent [--bus ADDRESS] [--vchan PATH [--vchan-state PATH]] [--sysfs ROOT]
 * (--sysfs: read devices from ROOT instead of /sys/bus/usb/devices; the
 * simulated sys-usb's tree).
 */
import { flagValue, runAgent } from '../services/dbus-protocol/index.js';
import { startUsbService } from './usb-service.js';

const PROGRAM = 'usbvm-agent';
const argv = process.argv.slice(2);
const sysfsRoot = flagValue(argv, '--sysfs');
if (sysfsRoot === '') {
  process.stderr.write(`${PROGRAM}: --sysfs needs a ROOT\n`);
  process.exit(1);
}

await runAgent(PROGRAM, argv, async (bus) => [await startUsbService(bus, sysfsRoot ? { sysfsRoot } : {})]);
