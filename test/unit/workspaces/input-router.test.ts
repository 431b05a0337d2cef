import { describe, expect, it } from 'vitest';
import { InputRouter, type KeySink } from '../../../services/sessions/input-router.js';
import { DEFAULT_PREFIX, firstKey, parsePrefixKey, prefixAction, PREFIX_KEYMAP, type PrefixAction } from '../../../tui/prefix-keys.js';

/** A router wired to a recording pane and Ink, the pane shown or not as a test says. */
function harness(applicationCursorKeys = false) {
  const pane: string[] = [];
  const ink: string[] = [];
  const actions: PrefixAction[] = [];
  const sink: KeySink = { write: (d) => pane.push(d), modes: { applicationCursorKeys } };
  const state = { showing: true };
  const router = new InputRouter({
    prefix: DEFAULT_PREFIX,
    toInk: (d) => ink.push(d.toString('utf8')),
    pane: () => (state.showing ? sink : undefined),
    onPrefix: (a) => actions.push(a),
  });
  const type = (s: string): void => router.input(Buffer.from(s, 'utf8'));
  return { pane, ink, actions, state, type, paneText: () => pane.join('') };
}

describe('InputRouter', () => {
  it('passes every key but the prefix to the pane unchanged', () => {
    const h = harness();
    const keys = ['\x03', '\t', '\x1b', '\x1bOP', '\x1b[15~', '\x1b[200~pasted\x1b[201~', 'héllo ✓', '\r', '\x7f', '\x1b[1;5C'];
    for (const k of keys) h.type(k);
    expect(h.paneText()).toBe(keys.join(''));
    expect(h.ink).toEqual([]);
    expect(h.actions).toEqual([]);
  });

  it('puts the client’s arrows in the cursor mode the program asked for', () => {
    const normal = harness(false);
    normal.type('\x1bOA\x1b[B');
    expect(normal.paneText()).toBe('\x1b[A\x1b[B');
    const app = harness(true);
    app.type('\x1b[A\x1bOB');
    expect(app.paneText()).toBe('\x1bOA\x1bOB');
  });

  it('takes the key after the prefix as a command, in the same chunk or the next', () => {
    const h = harness();
    h.type('ls\x01|pwd\r');
    expect(h.paneText()).toBe('lspwd\r');
    expect(h.actions).toEqual([{ kind: 'split', direction: 'horizontal' }]);
    h.type('\x01');
    h.type('z');
    expect(h.actions.at(-1)).toEqual({ kind: 'zoom' });
    // An arrow cut in two by the transport is still one key.
    h.type('\x01\x1b[');
    h.type('D');
    expect(h.actions.at(-1)).toEqual({ kind: 'focus', direction: 'left' });
    h.type('\x01\x1b[1;5A');
    expect(h.actions.at(-1)).toEqual({ kind: 'resize', direction: 'up' });
    expect(h.paneText()).toBe('lspwd\r');
  });

  it('sends one prefix through when it is typed twice, and drops an unbound key after it', () => {
    const h = harness();
    h.type('\x01\x01a\x01Ub');
    expect(h.paneText()).toBe('\x01ab');
    expect(h.actions).toEqual([]);
  });

  it('gives everything to Ink while no pane takes the keys', () => {
    const h = harness();
    h.state.showing = false;
    h.type('\x01|j\r');
    expect(h.ink).toEqual(['\x01|j\r']);
    expect(h.pane).toEqual([]);
  });

  it('sends the rest of a chunk to Ink once a prefix command opened an overlay', () => {
    const pane: string[] = [];
    const ink: string[] = [];
    let showing = true;
    const router = new InputRouter({
      prefix: DEFAULT_PREFIX,
      toInk: (d) => ink.push(d.toString('utf8')),
      pane: () => (showing ? { write: (d: string) => pane.push(d), modes: { applicationCursorKeys: false } } : undefined),
      onPrefix: () => (showing = false),
    });
    router.input(Buffer.from('x\x01:start work\r'));
    expect(pane).toEqual(['x']);
    expect(ink).toEqual(['start work\r']);
  });
});

describe('InputRouter: the pending prefix', () => {
  it('says when the prefix waits for its command key, and when that came', () => {
    const pending: boolean[] = [];
    const router = new InputRouter({
      prefix: DEFAULT_PREFIX,
      toInk: () => undefined,
      pane: () => ({ write: () => undefined, modes: { applicationCursorKeys: false } }),
      onPrefix: () => undefined,
      onPending: (on) => pending.push(on),
    });
    router.input(Buffer.from('ab\x01'));
    expect(pending).toEqual([true]);
    router.input(Buffer.from('z'));
    expect(pending).toEqual([true, false]);
    router.input(Buffer.from('\x01\x01'));
    expect(pending).toEqual([true, false, true, false]);
  });
});

describe('prefix keys', () => {
  it('binds every key the help lists, and each binding to a distinct key', () => {
    const samples: Record<string, string[]> = { arrows: ['\x1b[A', '\x1bOD'], 'C-arrows': ['\x1b[1;5B'], 'n p': ['n', 'p'], '0-9': ['0', '9'], Space: [' '] };
    for (const b of PREFIX_KEYMAP) {
      for (const raw of samples[b.keys] ?? [b.keys]) expect(b.match(raw), `${b.keys}: ${JSON.stringify(raw)}`).toBeDefined();
    }
    expect(prefixAction('7')).toEqual({ kind: 'selectWorkspace', index: 7 });
    expect(prefixAction('u')).toBeUndefined();
  });

  it('parses C-a to C-z and refuses the rest', () => {
    expect(parsePrefixKey('C-b')).toEqual({ byte: '\x02', name: 'C-b' });
    expect(parsePrefixKey('C-A')).toEqual({ byte: '\x01', name: 'C-a' });
    for (const bad of ['a', 'C-1', 'M-a', '']) expect(parsePrefixKey(bad)).toBeInstanceOf(Error);
  });

  it('cuts raw input at the end of its first key', () => {
    expect(firstKey('\x1b[1;5Cxyz')).toBe('\x1b[1;5C');
    expect(firstKey('\x1bOAb')).toBe('\x1bOA');
    expect(firstKey('\x1bx')).toBe('\x1bx');
    expect(firstKey('✓a')).toBe('✓');
  });
});
