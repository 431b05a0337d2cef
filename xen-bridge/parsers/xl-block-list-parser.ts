import type { Result } from '../result.js';
import type { BlockDeviceInfo } from '../types.js';
import { num, parseFixedTable } from './fixed-table.js';
import { formatPrintf } from './printf-layout.js';

/** `xl block-list DOMAIN...` (xl_block.c). */
export function parseXlBlockList(text: string): Result<BlockDeviceInfo[]> {
  return parseFixedTable(
    {
      what: 'xl block-list',
      header: formatPrintf('%-5s %-3s %-6s %-5s %-6s %-8s %-30s', ['Vdev', 'BE', 'handle', 'state', 'evt-ch', 'ring-ref', 'BE-path']),
      row: '%-5d %-3d %-6d %-5d %-6d %-8d %-30s',
      build: ([vdev, be, handle, state, evtch, ringRef, path = '']) => ({
        vdev: num(vdev),
        backendId: num(be),
        handle: num(handle),
        state: num(state),
        evtch: num(evtch),
        ringRef: num(ringRef),
        backendPath: path,
      }),
    },
    text,
  );
}
