import type { Result } from '../result.js';
import type { ChannelDeviceInfo } from '../types.js';
import { num, parseFixedTable } from './fixed-table.js';
import { formatPrintf } from './printf-layout.js';

/**
 * `xl channel-list DOMAIN...` (xl_console.c): "%-10s " for the connection,
 * then "%-30s " with the pty path only for a pty channel.
 */
const ROW = '%-3d %-2d %-5d %-6d %-8d %-10s %s';
const CONNECTION = /unknown|pty|socket/;
const PTY_TAIL = /(?:\S+ *)? ?/;

export function parseXlChannelList(text: string): Result<ChannelDeviceInfo[]> {
  return parseFixedTable(
    {
      what: 'xl channel-list',
      header: formatPrintf('%-3s %-2s %-5s %-6s %8s %-10s %-30s', ['Idx', 'BE', 'state', 'evt-ch', 'ring-ref', 'connection', '']),
      row: ROW,
      patterns: [undefined, undefined, undefined, undefined, undefined, CONNECTION, PTY_TAIL],
      build: ([idx, be, state, evtch, ringRef, connection = '', tail = '']) => {
        const info: ChannelDeviceInfo = {
          idx: num(idx),
          backendId: num(be),
          state: num(state),
          evtch: num(evtch),
          ringRef: num(ringRef),
          connection,
        };
        if (connection !== 'pty') return tail === '' ? info : 'only a pty channel has a path column';
        const path = /^(\S+)( *)$/.exec(tail);
        if (!path || path[2] !== ' '.repeat(Math.max(0, 30 - (path[1] ?? '').length) + 1)) return 'pty path column is not "%-30s "';
        return { ...info, ptyPath: path[1] };
      },
    },
    text,
  );
}
