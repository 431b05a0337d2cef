/**
 * `xl network-list`, `xl block-list`, `xl channel-list`, `xl usb-list` tables,
 * as xl_nic.c, xl_block.c, xl_console.c and xl_usb.c print them. The ring
 * and event-channel figures of a simulated device are -1: nothing is shared.
 */
import type { SimDisk, SimNic, SimUsbCtrl, SimUsbDev } from '../sim-state.js';
import { left, right } from './printf-fields.js';

export const NETWORK_LIST_HEADER = `${left('Idx', 3)} ${left('BE', 2)} ${left('Mac Addr.', 17)} ${left('handle', 6)} ${left('state', 5)} ${left('evt-ch', 6)} ${right('tx-', 5)}/${left('rx-ring-ref', 5)} ${left('BE-path', 30)}\n`;
export const BLOCK_LIST_HEADER = `${left('Vdev', 5)} ${left('BE', 3)} ${left('handle', 6)} ${left('state', 5)} ${left('evt-ch', 6)} ${left('ring-ref', 8)} ${left('BE-path', 30)}\n`;
export const CHANNEL_LIST_HEADER = `${left('Idx', 3)} ${left('BE', 2)} ${left('state', 5)} ${left('evt-ch', 6)} ${left('ring-ref', 8)} ${left('connection', 41)}\n`;

/** XenbusStateConnected: every simulated device is fully up. */
const CONNECTED = 4;

export function networkRow(domid: number, backendId: number, nic: SimNic): string {
  const bePath = `/local/domain/${backendId}/backend/vif/${domid}/${nic.devid}`;
  return `${left(nic.devid, 3)} ${left(backendId, 2)} ${nic.mac}${right(nic.devid, 6)} ${right(CONNECTED, 5)} ${right(-1, 6)} ${right(-1, 5)}/${left(-1, 11)} ${left(bePath, 30)}\n`;
}

export function blockRow(domid: number, backendId: number, disk: SimDisk): string {
  const bePath = `/local/domain/${backendId}/backend/vbd/${domid}/${disk.vdevNumber}`;
  return `${left(disk.vdevNumber, 5)} ${left(backendId, 3)} ${left(domid, 6)} ${left(CONNECTED, 5)} ${left(-1, 6)} ${left(-1, 8)} ${left(bePath, 30)}\n`;
}

export function usbList(backendId: (backend: string) => number, ctrls: readonly SimUsbCtrl[], devs: readonly SimUsbDev[]): string {
  // xl_usb.c prints the header again above each controller, Type 12 wide.
  let s = '';
  for (const c of ctrls) {
    s += `${left('Devid', 6)} ${left('Type', 12)} ${left('BE', 3)} ${left('state', 5)} ${left('usb-ver', 7)} ${left('ports', 5)}\n`;
    s += `${left(c.devid, 6)} ${left(c.type, 12)} ${left(backendId(c.backend), 3)} ${left(CONNECTED, 5)} ${left(c.version, 7)} ${left(c.ports, 5)}\n`;
    for (let port = 1; port <= c.ports; port++) {
      const dev = devs.find((u) => u.ctrl === c.devid && u.port === port);
      s += dev ? `  Port ${port}: Bus ${hex3(dev.hostbus)} Device ${hex3(dev.hostaddr)}\n` : `  Port ${port}:\n`;
    }
  }
  return s;
}

function hex3(n: number): string {
  return n.toString(16).padStart(3, '0');
}
