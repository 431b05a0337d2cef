/**
 * The keys of the qube table. The help overlay is generated from these tables,
 * and the app handles every action exhaustively, so help never lists a dead key.
 */
import type { Key } from 'ink';

export type TableAction =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'mark'
  | 'filter'
  | 'sortNext'
  | 'sortReverse'
  | 'tree'
  | 'open'
  | 'panes'
  | 'start'
  | 'shutdown'
  | 'restart'
  | 'pause'
  | 'kill'
  | 'prompt'
  | 'help'
  | 'clear'
  | 'detach';

export interface Binding<A extends string> {
  action: A;
  /** How the keys are written in the help. */
  keys: string;
  help: string;
  matches(input: string, key: Key): boolean;
}

const char = (c: string) => (input: string, key: Key) => input === c && !key.ctrl && !key.meta;

export const TABLE_KEYMAP: readonly Binding<TableAction>[] = [
  { action: 'up', keys: 'Up k', help: 'previous qube', matches: (i, k) => k.upArrow || char('k')(i, k) },
  { action: 'down', keys: 'Down j', help: 'next qube', matches: (i, k) => k.downArrow || char('j')(i, k) },
  { action: 'pageUp', keys: 'PgUp', help: 'one screen up', matches: (_i, k) => k.pageUp },
  { action: 'pageDown', keys: 'PgDn', help: 'one screen down', matches: (_i, k) => k.pageDown },
  { action: 'home', keys: 'Home g', help: 'first qube', matches: (i, k) => k.home || char('g')(i, k) },
  { action: 'end', keys: 'End G', help: 'last qube', matches: (i, k) => k.end || char('G')(i, k) },
  { action: 'mark', keys: 'Space', help: 'mark for bulk actions', matches: char(' ') },
  { action: 'filter', keys: '/', help: 'filter by name as you type', matches: char('/') },
  { action: 'sortNext', keys: 'o', help: 'sort by the next column', matches: char('o') },
  { action: 'sortReverse', keys: 'O', help: 'reverse the sort order', matches: char('O') },
  { action: 'tree', keys: 't', help: 'tree: by template, netvm, off', matches: char('t') },
  { action: 'open', keys: 'Enter', help: 'open a pane (starts qube)', matches: (_i, k) => k.return },
  { action: 'panes', keys: 'w', help: 'back to the panes', matches: char('w') },
  { action: 'start', keys: 'r', help: 'start the qube(s)', matches: char('r') },
  { action: 'shutdown', keys: 'S', help: 'shut down the qube(s)', matches: char('S') },
  { action: 'restart', keys: 'R', help: 'restart the qube(s)', matches: char('R') },
  { action: 'pause', keys: 'p', help: 'pause / unpause the qube(s)', matches: char('p') },
  { action: 'kill', keys: 'K', help: 'kill the qube(s) (confirms)', matches: char('K') },
  { action: 'prompt', keys: ':', help: 'command prompt', matches: char(':') },
  { action: 'help', keys: '?', help: 'this help', matches: char('?') },
  { action: 'clear', keys: 'Esc', help: 'clear filter and marks', matches: (_i, k) => k.escape },
  { action: 'detach', keys: 'd', help: 'detach (qubes keep running)', matches: char('d') },
];

export function tableAction(input: string, key: Key): TableAction | undefined {
  return TABLE_KEYMAP.find((b) => b.matches(input, key))?.action;
}

const PLAIN: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

/** Actions after which further keys belong to something else (a line editor, an overlay, or nobody). */
const LEAVES_TABLE: ReadonlySet<TableAction> = new Set(['filter', 'prompt', 'help', 'kill', 'detach']);

/**
 * Ink hands over keys typed faster than it reads them (over SSH, say) as one
 * string; the table takes them one by one. After a key that leaves the table,
 * the rest of the string is for whatever that key opened (`:start work` pasted).
 */
export function tableActions(input: string, key: Key): { actions: TableAction[]; rest: string } {
  const single = tableAction(input, key);
  if (single !== undefined || input.length <= 1 || key.ctrl || key.meta) return { actions: single === undefined ? [] : [single], rest: '' };
  const actions: TableAction[] = [];
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const action = tableAction(ch, plainKey(ch));
    if (action === undefined) continue;
    actions.push(action);
    if (LEAVES_TABLE.has(action)) return { actions, rest: chars.slice(i + 1).join('') };
  }
  return { actions, rest: '' };
}

/** Keys of the line editors (`/` filter and `:` prompt), for the help. */
export const LINE_KEYS: readonly { keys: string; help: string }[] = [
  { keys: 'Enter', help: 'run / keep the filter' },
  { keys: 'Esc', help: 'close, clearing the filter' },
  { keys: 'Tab', help: 'complete command or name' },
  { keys: 'Up Down', help: 'command history' },
  { keys: 'Backspace', help: 'delete a character' },
];

/** Commands the `:` prompt handles itself, without the daemon. */
export const LOCAL_COMMANDS: readonly { usage: string; help: string }[] = [
  { usage: 'sort COLUMN [asc|desc]', help: 'sort the table' },
  { usage: 'filter [TEXT]', help: 'filter by name' },
  { usage: 'tree off|template|netvm', help: 'tree mode' },
  { usage: 'view NAME', help: 'open a view (its key)' },
  { usage: 'detach', help: 'detach' },
];

/** One character of a burst as Ink would have handed it alone. */
export function plainKey(ch: string): Key {
  return { ...PLAIN, shift: ch !== ch.toLowerCase() };
}
