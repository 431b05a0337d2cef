/**
 * Colours of pane frames and titles: a qube's pane in its label colour, a
 * dom0 shell neutral; the focused pane's bold and bright, the others dim,
 * so the focus is obvious even on 16 colours.
 */
import chalk, { foregroundColorNames, type ChalkInstance, type ForegroundColorName } from 'chalk';
import type { ComposeOptions } from './pane-compose.js';
import { labelColor, type ColorDepth } from './label-colors.js';
import type { PaneTarget } from './workspace-api.js';

const DOM0_COLOR = 'white';

const isColorName = (name: string): name is ForegroundColorName => (foregroundColorNames as readonly string[]).includes(name);

/** An Ink colour spec ('#rrggbb', 'ansi256(n)', or a name) as a chalk style. */
export function styleFor(spec: string): ChalkInstance {
  const ansi = /^ansi256\((\d+)\)$/.exec(spec);
  if (ansi) return chalk.ansi256(Number(ansi[1]));
  if (spec.startsWith('#')) return chalk.hex(spec);
  return isColorName(spec) ? chalk[spec] : chalk;
}

export function framePainter(targets: ReadonlyMap<number, PaneTarget>, labelOf: (qube: string) => string | undefined, depth: ColorDepth): ComposeOptions['paint'] {
  const styles = new Map<number, ChalkInstance>();
  for (const [id, t] of targets) styles.set(id, styleFor(t.kind === 'qube' ? labelColor(labelOf(t.name) ?? 'black', depth) : DOM0_COLOR));
  return (text, pane, focused) => {
    const style = (pane === null ? undefined : styles.get(pane)) ?? chalk;
    return focused ? style.bold(text) : style.dim(text);
  };
}
