/** What one client's terminal can draw, resolved once from the host's RenderOptions. */
import type { QubeState, RenderOptions } from './console-api.js';
import type { Glyphs } from './glyphs.js';
import { glyphsFor } from './glyphs.js';
import type { ColorDepth } from './label-colors.js';

export interface Theme {
  glyphs: Glyphs;
  colors: ColorDepth;
}

export function themeFor(options: RenderOptions): Theme {
  return { glyphs: glyphsFor(options.ascii), colors: options.colors };
}

/** Named colours only: they exist on every terminal, the Linux console included. */
export const STATE_COLORS: Readonly<Record<QubeState, string>> = {
  Running: 'green',
  Transient: 'cyan',
  Paused: 'yellow',
  Dying: 'red',
  Crashed: 'redBright',
  Halted: 'gray',
};
