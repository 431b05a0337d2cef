/**
 * The keys under the prefix (tmux's Ctrl-b, ours Ctrl-a by default), matched
 * on the raw bytes of one key, because the session routes a pane's keys
 * before Ink ever parses them. The help is generated from PREFIX_KEYMAP and
 * the app handles every action exhaustively, so help never lists a dead key.
 */

export type FocusDirection = 'left' | 'right' | 'up' | 'down';

export type PrefixAction =
  | { kind: 'split'; direction: 'horizontal' | 'vertical' }
  | { kind: 'focus'; direction: FocusDirection }
  | { kind: 'resize'; direction: FocusDirection }
  | { kind: 'zoom' }
  | { kind: 'nextLayout' }
  | { kind: 'close' }
  | { kind: 'copyMode' }
  | { kind: 'paste' }
  | { kind: 'newWorkspace' }
  | { kind: 'nextWorkspace' }
  | { kind: 'previousWorkspace' }
  | { kind: 'selectWorkspace'; index: number }
  | { kind: 'detach' }
  | { kind: 'help' }
  | { kind: 'prompt' }
  | { kind: 'table' };

export interface PrefixBinding {
  /** How the keys are written in the help. */
  keys: string;
  help: string;
  /** The action for one key's raw bytes, or undefined when they are not this binding's. */
  match(raw: string): PrefixAction | undefined;
}

const ESC = '\x1b';
const DIRECTIONS: Readonly<Record<string, FocusDirection>> = { A: 'up', B: 'down', C: 'right', D: 'left' };

/** A plain arrow in either cursor mode (`ESC [ A` or `ESC O A`). */
function arrow(raw: string): FocusDirection | undefined {
  const m = /^\x1b[[O]([ABCD])$/.exec(raw);
  return m ? DIRECTIONS[m[1] ?? ''] : undefined;
}

/** Ctrl-arrow as xterm sends it (`ESC [ 1 ; 5 A`). */
function ctrlArrow(raw: string): FocusDirection | undefined {
  const m = /^\x1b\[1;5([ABCD])$/.exec(raw);
  return m ? DIRECTIONS[m[1] ?? ''] : undefined;
}

const key =
  (c: string, action: PrefixAction) =>
  (raw: string): PrefixAction | undefined =>
    raw === c ? action : undefined;

export const PREFIX_KEYMAP: readonly PrefixBinding[] = [
  { keys: '|', help: 'split: new dom0 shell at the right', match: key('|', { kind: 'split', direction: 'horizontal' }) },
  { keys: '-', help: 'split: new dom0 shell below', match: key('-', { kind: 'split', direction: 'vertical' }) },
  { keys: 'arrows', help: 'focus the pane that way', match: (raw) => { const d = arrow(raw); return d && { kind: 'focus', direction: d }; } },
  { keys: 'C-arrows', help: 'resize the pane', match: (raw) => { const d = ctrlArrow(raw); return d && { kind: 'resize', direction: d }; } },
  { keys: 'z', help: 'zoom / unzoom the pane', match: key('z', { kind: 'zoom' }) },
  { keys: 'Space', help: 'next layout', match: key(' ', { kind: 'nextLayout' }) },
  { keys: 'x', help: 'close the pane (confirms)', match: key('x', { kind: 'close' }) },
  { keys: '[', help: 'copy mode: scroll, search (/ ?), select (Space), copy (Enter)', match: key('[', { kind: 'copyMode' }) },
  { keys: ']', help: 'paste the secure clipboard (once; policy allows, or asks y/n)', match: key(']', { kind: 'paste' }) },
  { keys: 'c', help: 'new workspace (dom0 shell)', match: key('c', { kind: 'newWorkspace' }) },
  { keys: 'n p', help: 'next / previous workspace', match: (raw) => (raw === 'n' ? { kind: 'nextWorkspace' } : raw === 'p' ? { kind: 'previousWorkspace' } : undefined) },
  { keys: '0-9', help: 'workspace by number', match: (raw) => (/^[0-9]$/.test(raw) ? { kind: 'selectWorkspace', index: Number(raw) } : undefined) },
  { keys: 'd', help: 'detach (panes keep running)', match: key('d', { kind: 'detach' }) },
  { keys: '?', help: 'this help', match: key('?', { kind: 'help' }) },
  { keys: ':', help: 'command prompt', match: key(':', { kind: 'prompt' }) },
  { keys: 'q', help: 'back to the qube table', match: key('q', { kind: 'table' }) },
];

export function prefixAction(raw: string): PrefixAction | undefined {
  for (const b of PREFIX_KEYMAP) {
    const a = b.match(raw);
    if (a) return a;
  }
  return undefined;
}

/** The prefix as configured (`C-a`, `C-b`, ... `C-z`): its byte and its name for the help. */
export interface PrefixKey {
  byte: string;
  name: string;
}

export const DEFAULT_PREFIX: PrefixKey = { byte: '\x01', name: 'C-a' };

/** `C-a` … `C-z` (the letter in either case); anything else is refused with a reason. */
export function parsePrefixKey(text: string): PrefixKey | Error {
  const m = /^C-([a-zA-Z])$/.exec(text.trim());
  if (!m) return new Error(`prefix key must be C-a to C-z, not ${JSON.stringify(text)}`);
  const letter = (m[1] ?? 'a').toLowerCase();
  return { byte: String.fromCharCode(letter.charCodeAt(0) - 96), name: `C-${letter}` };
}

/**
 * The first key of raw input: an escape sequence (CSI, SS3, or Alt+char), or
 * one character. Input that ends inside a sequence yields the whole rest.
 */
export function firstKey(raw: string): string {
  if (raw.startsWith(`${ESC}[`)) {
    const m = /^\x1b\[[0-?]*[ -/]*[@-~]/.exec(raw);
    return m ? m[0] : raw;
  }
  if (raw.startsWith(`${ESC}O`) && raw.length >= 3) return raw.slice(0, 3);
  if (raw.startsWith(ESC) && raw.length >= 2) return raw.slice(0, 1 + ([...raw.slice(1)][0] ?? '').length);
  return [...raw][0] ?? '';
}
