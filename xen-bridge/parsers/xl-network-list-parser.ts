import type { Result } from '../result.js';
import type { NetworkDeviceInfo } from '../types.js';
import { num, parseFixedTable } from './fixed-table.js';
import { formatPrintf } from './printf-layout.js';

const MAC = /[0-9a-f]{2}(?::[0-9a-f]{2}){5}/;

/** `xl network-list DOMAIN...` (xl_nic.c). */
export function parseXlNetworkList(text: string): Result<NetworkDeviceInfo[]> {
  return parseFixedTable(
    {
      what: 'xl network-list',
      header: formatPrintf('%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s', [
        'Idx', 'BE', 'Mac Addr.', 'handle', 'state', 'evt-ch', 'tx-', 'rx-ring-ref', 'BE-path',
      ]),
      row: '%-3d %-2d %s%6d %5d %6d %5d/%-11d %-30s',
      patterns: [undefined, undefined, MAC],
      build: ([idx, be, mac = '', handle, state, evtch, tx, rx, path = '']) => ({
        idx: num(idx),
        backendId: num(be),
        mac,
        handle: num(handle),
        state: num(state),
        evtch: num(evtch),
        txRingRef: num(tx),
        rxRingRef: num(rx),
        backendPath: path,
      }),
    },
    text,
  );
}
