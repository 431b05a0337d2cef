/**
 * Key events to the bytes a program in a pane expects, as xterm sends them,
 * given the modes the program set: cursor keys in normal (`ESC [ A`) or
 * application (`ESC O A`) mode, and pastes wrapped in bracketed-paste
 * markers when the program asked for them, with any marker inside the text
 * removed so a paste cannot end the bracket early and pass as typed keys.
 */

export type NamedKey =
  | 'up'
  | 'down'
  | 'right'
  | 'left'
  | 'home'
  | 'end'
  | 'insert'
  | 'delete'
  | 'pageup'
  | 'pagedown'
  | 'backspace'
  | 'tab'
  | 'enter'
  | 'escape'
  | 'f1'
  | 'f2'
  | 'f3'
  | 'f4'
  | 'f5'
  | 'f6'
  | 'f7'
  | 'f8'
  | 'f9'
  | 'f10'
  | 'f11'
  | 'f12';

export interface KeyEvent {
  /** A named key, or the text of a character key (`a`, `A`, `é`, `[`). */
  key: NamedKey | (string & {});
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
}

export interface KeyModes {
  applicationCursorKeys: boolean;
}

export interface PasteModes {
  bracketedPaste: boolean;
}

const ESC = '\x1b';

/** Keys sent as `ESC [ final` (or `ESC O final` in application mode), `ESC [ 1 ; mod final` with modifiers. */
const CURSOR_FINALS: Partial<Record<NamedKey, string>> = { up: 'A', down: 'B', right: 'C', left: 'D', home: 'H', end: 'F' };
/** F1-F4: `ESC O final`, `ESC [ 1 ; mod final` with modifiers. */
const SS3_FINALS: Partial<Record<NamedKey, string>> = { f1: 'P', f2: 'Q', f3: 'R', f4: 'S' };
/** Keys sent as `ESC [ number ~`, `ESC [ number ; mod ~` with modifiers. */
const TILDE_NUMBERS: Partial<Record<NamedKey, number>> = { insert: 2, delete: 3, pageup: 5, pagedown: 6, f5: 15, f6: 17, f7: 18, f8: 19, f9: 20, f10: 21, f11: 23, f12: 24 };

/** xterm's modifier parameter: 1 + shift + 2·alt + 4·ctrl; 1 means none. */
function modifier(e: KeyEvent): number {
  return 1 + (e.shift ? 1 : 0) + (e.alt ? 2 : 0) + (e.ctrl ? 4 : 0);
}

/** The control character of Ctrl with a character key, if there is one. */
function controlChar(ch: string): string | null {
  if (ch.length !== 1) return null;
  const code = ch.toLowerCase().charCodeAt(0);
  if (code >= 0x61 && code <= 0x7a) return String.fromCharCode(code - 0x60);
  const special: Record<string, number> = { ' ': 0, '@': 0, '2': 0, '[': 27, '3': 27, '\\': 28, '4': 28, ']': 29, '5': 29, '^': 30, '6': 30, '_': 31, '-': 31, '7': 31, '?': 127, '8': 127 };
  const c = special[ch];
  return c === undefined ? null : String.fromCharCode(c);
}

/** The bytes for one key event. */
export function encodeKey(e: KeyEvent, modes: KeyModes): string {
  const mod = modifier(e);
  const key = e.key as NamedKey;
  const cursor = CURSOR_FINALS[key];
  if (cursor) return mod > 1 ? `${ESC}[1;${mod}${cursor}` : `${ESC}${modes.applicationCursorKeys ? 'O' : '['}${cursor}`;
  const ss3 = SS3_FINALS[key];
  if (ss3) return mod > 1 ? `${ESC}[1;${mod}${ss3}` : `${ESC}O${ss3}`;
  const tilde = TILDE_NUMBERS[key];
  if (tilde !== undefined) return mod > 1 ? `${ESC}[${tilde};${mod}~` : `${ESC}[${tilde}~`;
  const alt = e.alt ? ESC : '';
  switch (key) {
    case 'backspace':
      return alt + (e.ctrl ? '\x08' : '\x7f');
    case 'tab':
      return e.shift ? `${ESC}[Z` : `${alt}\t`;
    case 'enter':
      return `${alt}\r`;
    case 'escape':
      return `${alt}${ESC}`;
  }
  if (e.ctrl) {
    const c = controlChar(e.key);
    if (c !== null) return alt + c;
  }
  return alt + e.key;
}

/**
 * Raw input from a client's terminal, with its unmodified cursor keys
 * (`ESC [ A` or `ESC O A`, whichever mode the client's terminal is in) put
 * in the mode the pane's program asked for; everything else passes as is.
 */
export function adaptCursorKeys(raw: string, modes: KeyModes): string {
  return raw.replace(/\x1b[[O]([ABCDHF])/g, (_m, final: string) => `${ESC}${modes.applicationCursorKeys ? 'O' : '['}${final}`);
}

const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;

/**
 * The bytes for pasted text: newlines as Enter (CR), as a terminal sends
 * them, and inside bracketed-paste markers when the program enabled them.
 */
export function encodePaste(text: string, modes: PasteModes): string {
  const lines = text.replace(/\r?\n/g, '\r');
  if (!modes.bracketedPaste) return lines;
  let inner = lines;
  // Removing one marker can join its neighbours into a new one: repeat until none is left.
  for (let prev = ''; prev !== inner; ) {
    prev = inner;
    inner = inner.split(PASTE_END).join('').split(PASTE_START).join('');
  }
  return `${PASTE_START}${inner}${PASTE_END}`;
}
