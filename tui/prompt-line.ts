/**
 * What a `:` prompt line asks for: one of the console's own commands (which
 * change only this client's view), or a command of the daemon's table.
 */
import { splitCommandLine } from './command-words.js';
import type { SortOrder } from './qube-list.js';
import { isSortKey, SORT_KEYS } from './qube-columns.js';
import type { TreeMode } from './qube-tree.js';
import { isTreeMode, TREE_MODES } from './qube-tree.js';

export type PromptRequest =
  | { kind: 'sort'; order: SortOrder }
  | { kind: 'filter'; text: string }
  | { kind: 'tree'; mode: TreeMode }
  | { kind: 'detach' }
  | { kind: 'view'; name: string }
  | { kind: 'run'; argv: string[] }
  | { kind: 'error'; message: string }
  | { kind: 'nothing' };

export function parsePromptLine(line: string): PromptRequest {
  const split = splitCommandLine(line);
  if (!split.ok) return { kind: 'error', message: split.error };
  const [name, ...args] = split.words;
  switch (name) {
    case undefined:
      return { kind: 'nothing' };
    case 'sort':
      return sortRequest(args);
    case 'filter':
      return { kind: 'filter', text: args.join(' ') };
    case 'detach':
      return { kind: 'detach' };
    case 'view': {
      const [view, ...extra] = args;
      if (view === undefined || extra.length > 0) return { kind: 'error', message: 'usage: view NAME' };
      return { kind: 'view', name: view };
    }
    case 'tree': {
      const [mode = '', ...extra] = args;
      if (!isTreeMode(mode) || extra.length > 0) return { kind: 'error', message: `usage: tree ${TREE_MODES.join('|')}` };
      return { kind: 'tree', mode };
    }
    default:
      return { kind: 'run', argv: split.words };
  }
}

/** `sort COLUMN [asc|desc]`, with column names as the header shows them (`MEM`, `CPU%`). */
function sortRequest(args: string[]): PromptRequest {
  const [column = '', order = 'asc', ...extra] = args;
  const key = column.toLowerCase().replace(/%$/, '');
  if (!isSortKey(key) || (order !== 'asc' && order !== 'desc') || extra.length > 0) {
    return { kind: 'error', message: `usage: sort COLUMN [asc|desc]; columns: ${SORT_KEYS.join(' ')}` };
  }
  return { kind: 'sort', order: { key, descending: order === 'desc' } };
}
