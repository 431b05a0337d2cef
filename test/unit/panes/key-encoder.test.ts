import { describe, expect, it } from 'vitest';
import { adaptCursorKeys, encodeKey, encodePaste, type KeyEvent } from '../../../services/terminals/key-encoder.js';

const normal = { applicationCursorKeys: false };
const app = { applicationCursorKeys: true };

describe('encodeKey', () => {
  it.each<[KeyEvent, string, string]>([
    [{ key: 'up' }, '\x1b[A', '\x1bOA'],
    [{ key: 'down' }, '\x1b[B', '\x1bOB'],
    [{ key: 'right' }, '\x1b[C', '\x1bOC'],
    [{ key: 'left' }, '\x1b[D', '\x1bOD'],
    [{ key: 'home' }, '\x1b[H', '\x1bOH'],
    [{ key: 'end' }, '\x1b[F', '\x1bOF'],
    [{ key: 'up', ctrl: true }, '\x1b[1;5A', '\x1b[1;5A'],
    [{ key: 'left', shift: true, alt: true }, '\x1b[1;4D', '\x1b[1;4D'],
    [{ key: 'pageup' }, '\x1b[5~', '\x1b[5~'],
    [{ key: 'pagedown', ctrl: true }, '\x1b[6;5~', '\x1b[6;5~'],
    [{ key: 'insert' }, '\x1b[2~', '\x1b[2~'],
    [{ key: 'delete' }, '\x1b[3~', '\x1b[3~'],
    [{ key: 'f1' }, '\x1bOP', '\x1bOP'],
    [{ key: 'f4' }, '\x1bOS', '\x1bOS'],
    [{ key: 'f2', shift: true }, '\x1b[1;2Q', '\x1b[1;2Q'],
    [{ key: 'f5' }, '\x1b[15~', '\x1b[15~'],
    [{ key: 'f10' }, '\x1b[21~', '\x1b[21~'],
    [{ key: 'f11' }, '\x1b[23~', '\x1b[23~'],
    [{ key: 'f12', ctrl: true }, '\x1b[24;5~', '\x1b[24;5~'],
    [{ key: 'backspace' }, '\x7f', '\x7f'],
    [{ key: 'backspace', ctrl: true }, '\x08', '\x08'],
    [{ key: 'backspace', alt: true }, '\x1b\x7f', '\x1b\x7f'],
    [{ key: 'tab' }, '\t', '\t'],
    [{ key: 'tab', shift: true }, '\x1b[Z', '\x1b[Z'],
    [{ key: 'enter' }, '\r', '\r'],
    [{ key: 'escape' }, '\x1b', '\x1b'],
    [{ key: 'c', ctrl: true }, '\x03', '\x03'],
    [{ key: 'A', ctrl: true }, '\x01', '\x01'],
    [{ key: 'z', ctrl: true }, '\x1a', '\x1a'],
    [{ key: ' ', ctrl: true }, '\x00', '\x00'],
    [{ key: '[', ctrl: true }, '\x1b', '\x1b'],
    [{ key: '\\', ctrl: true }, '\x1c', '\x1c'],
    [{ key: ']', ctrl: true }, '\x1d', '\x1d'],
    [{ key: '_', ctrl: true }, '\x1f', '\x1f'],
    [{ key: 'x', alt: true }, '\x1bx', '\x1bx'],
    [{ key: 'x', alt: true, ctrl: true }, '\x1b\x18', '\x1b\x18'],
    [{ key: 'é' }, 'é', 'é'],
    [{ key: 'q' }, 'q', 'q'],
  ])('%o -> %j (normal), %j (application)', (event, inNormal, inApp) => {
    expect(encodeKey(event, normal)).toBe(inNormal);
    expect(encodeKey(event, app)).toBe(inApp);
  });
});

describe('encodePaste', () => {
  it.each<[string, boolean, string]>([
    ['ls -l\n', false, 'ls -l\r'],
    ['a\r\nb', false, 'a\rb'],
    ['ls -l\n', true, '\x1b[200~ls -l\r\x1b[201~'],
    // A paste cannot close the bracket early and run what follows as typed keys.
    ['x\x1b[201~rm -rf ~\n', true, '\x1b[200~xrm -rf ~\r\x1b[201~'],
    ['\x1b[20\x1b[201~1~evil', true, '\x1b[200~evil\x1b[201~'],
    ['\x1b[200~nested', true, '\x1b[200~nested\x1b[201~'],
    ['', true, '\x1b[200~\x1b[201~'],
  ])('%j bracketed=%s -> %j', (text, bracketed, expected) => {
    expect(encodePaste(text, { bracketedPaste: bracketed })).toBe(expected);
  });
});

describe('adaptCursorKeys', () => {
  it.each<[string, boolean, string]>([
    ['\x1b[A\x1b[B', true, '\x1bOA\x1bOB'],
    ['\x1bOC\x1bOD', false, '\x1b[C\x1b[D'],
    ['\x1b[H\x1bOF', true, '\x1bOH\x1bOF'],
    // Modified keys, function keys and text pass unchanged.
    ['\x1b[1;5A\x1bOP\x1b[5~x[A', true, '\x1b[1;5A\x1bOP\x1b[5~x[A'],
  ])('%j (application=%s) -> %j', (raw, application, expected) => {
    expect(adaptCursorKeys(raw, { applicationCursorKeys: application })).toBe(expected);
  });
});
