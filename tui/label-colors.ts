/**
 * Qubes label colours, drawn with what the client's terminal has: 24-bit colour,
 * the xterm 256-colour palette, or the 16 colours of the Linux virtual console.
 * Returned strings are Ink colour specs ('#rrggbb', 'ansi256(n)', or a name).
 */
import type { RenderOptions } from './console-api.js';

export type ColorDepth = RenderOptions['colors'];

type Rgb = readonly [number, number, number];

/**
 * The colours of Qubes OS's labels (qubes/label.py). Black is drawn as a very
 * dark gray: a black swatch would vanish on the console's black background.
 */
const LABEL_RGB: Readonly<Record<string, Rgb>> = {
  red: [0xcc, 0x00, 0x00],
  orange: [0xf5, 0x79, 0x00],
  yellow: [0xed, 0xd4, 0x00],
  green: [0x73, 0xd2, 0x16],
  gray: [0x55, 0x57, 0x53],
  blue: [0x34, 0x65, 0xa4],
  purple: [0x75, 0x50, 0x7b],
  black: [0x3a, 0x3a, 0x3a],
};

/**
 * On 16 colours a plain distance picks gray for blue and cyan for nothing useful,
 * so the console colours are chosen by hue. On the Linux console "yellow" (colour 3)
 * is brown, the nearest it has to orange.
 */
const LABEL_LINUX16: Readonly<Record<string, string>> = {
  red: 'red',
  orange: 'yellow',
  yellow: 'yellowBright',
  green: 'greenBright',
  gray: 'gray',
  blue: 'blueBright',
  purple: 'magenta',
  black: 'gray',
};

/** A label the console does not know (a future Qubes label) is drawn neutral. */
const UNKNOWN = { rgb: [0xaa, 0xaa, 0xaa] as Rgb, linux16: 'white' };

export const QUBES_LABELS: readonly string[] = Object.keys(LABEL_RGB);

export function labelColor(label: string, depth: ColorDepth): string {
  const rgb = LABEL_RGB[label] ?? UNKNOWN.rgb;
  switch (depth) {
    case 'truecolor':
      return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    case 'ansi256':
      return `ansi256(${nearestAnsi256(rgb)})`;
    case 'linux16':
      return LABEL_LINUX16[label] ?? UNKNOWN.linux16;
  }
}

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;

/** The nearest colour of xterm's 6x6x6 cube (16-231) or gray ramp (232-255). */
export function nearestAnsi256(rgb: Rgb): number {
  const cubeIndex = (c: number): number => {
    let best = 0;
    CUBE_LEVELS.forEach((level, i) => {
      if (Math.abs(level - c) < Math.abs((CUBE_LEVELS[best] ?? 0) - c)) best = i;
    });
    return best;
  };
  const [r, g, b] = rgb;
  const ci = [cubeIndex(r), cubeIndex(g), cubeIndex(b)] as const;
  const cubeRgb: Rgb = [CUBE_LEVELS[ci[0]] ?? 0, CUBE_LEVELS[ci[1]] ?? 0, CUBE_LEVELS[ci[2]] ?? 0];
  const cube = 16 + 36 * ci[0] + 6 * ci[1] + ci[2];
  const grayStep = Math.min(23, Math.max(0, Math.round(((r + g + b) / 3 - 8) / 10)));
  const grayLevel = 8 + 10 * grayStep;
  return distance(rgb, [grayLevel, grayLevel, grayLevel]) < distance(rgb, cubeRgb) ? 232 + grayStep : cube;
}

function distance(a: Rgb, b: Rgb): number {
  return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;
}
