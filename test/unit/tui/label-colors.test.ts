import { describe, expect, it } from 'vitest';
import { labelColor, nearestAnsi256, QUBES_LABELS } from '../../../tui/label-colors.js';

const SIXTEEN = new Set(['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright']);

describe('label colours', () => {
  it('knows the eight Qubes labels', () => {
    expect([...QUBES_LABELS].sort()).toEqual(['black', 'blue', 'gray', 'green', 'orange', 'purple', 'red', 'yellow']);
  });

  it('gives truecolor terminals the Qubes colours themselves', () => {
    expect(labelColor('red', 'truecolor')).toBe('#cc0000');
    expect(labelColor('orange', 'truecolor')).toBe('#f57900');
    expect(labelColor('blue', 'truecolor')).toBe('#3465a4');
  });

  it('maps to the nearest colour of the xterm 256-colour palette', () => {
    expect(labelColor('red', 'ansi256')).toBe('ansi256(160)'); // #d70000
    expect(labelColor('green', 'ansi256')).toBe('ansi256(76)'); // #5fd700
    expect(labelColor('orange', 'ansi256')).toBe('ansi256(208)'); // #ff8700
    expect(nearestAnsi256([0x80, 0x80, 0x80])).toBe(244); // gray ramp #808080
    expect(nearestAnsi256([0, 0, 0])).toBe(16);
    expect(nearestAnsi256([255, 255, 255])).toBe(231);
  });

  it('falls back to the 16 colours of the Linux console, keeping each label distinguishable by hue', () => {
    const mapped = QUBES_LABELS.map((l) => labelColor(l, 'linux16'));
    for (const c of mapped) expect(SIXTEEN.has(c), c).toBe(true);
    expect(labelColor('red', 'linux16')).toBe('red');
    expect(labelColor('orange', 'linux16')).toBe('yellow');
    expect(labelColor('yellow', 'linux16')).toBe('yellowBright');
    expect(labelColor('green', 'linux16')).toBe('greenBright');
    expect(labelColor('blue', 'linux16')).toBe('blueBright');
    expect(labelColor('purple', 'linux16')).toBe('magenta');
    // Every coloured label keeps its own colour.
    const coloured = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'].map((l) => labelColor(l, 'linux16'));
    expect(new Set(coloured).size).toBe(coloured.length);
  });

  it('never draws black on the black console background', () => {
    expect(labelColor('black', 'linux16')).not.toBe('black');
    expect(labelColor('black', 'ansi256')).not.toBe('ansi256(16)');
  });

  it('draws an unknown label in a neutral colour at every depth', () => {
    expect(labelColor('teal', 'linux16')).toBe('white');
    expect(labelColor('teal', 'truecolor')).toBe('#aaaaaa');
    expect(labelColor('teal', 'ansi256')).toMatch(/^ansi256\(\d+\)$/);
  });
});
