/**
 * The characters the console draws with. The Linux virtual console (TERM=linux)
 * lacks most of Unicode's block and box glyphs, so every glyph has an ASCII twin.
 */

export interface Glyphs {
  /** Ink border style name. */
  border: 'round' | 'classic';
  swatch: string;
  cursor: string;
  mark: string;
  /** Sparkline levels, lowest first. */
  spark: readonly string[];
  ascending: string;
  descending: string;
  ellipsis: string;
  /** Tree mode: a child with siblings below it, the last child, a line passing by. */
  treeBranch: string;
  treeLast: string;
  treePipe: string;
}

const UNICODE: Glyphs = {
  border: 'round',
  swatch: '█',
  cursor: '▶',
  mark: '●',
  spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  ascending: '▲',
  descending: '▼',
  ellipsis: '…',
  treeBranch: '├─',
  treeLast: '└─',
  treePipe: '│ ',
};

const ASCII: Glyphs = {
  border: 'classic',
  swatch: '#',
  cursor: '>',
  mark: '*',
  spark: ['_', '.', ',', '-', '=', '+', '*', '#'],
  ascending: '^',
  descending: 'v',
  ellipsis: '~',
  treeBranch: '|-',
  treeLast: '`-',
  treePipe: '| ',
};

export function glyphsFor(ascii: boolean): Glyphs {
  return ascii ? ASCII : UNICODE;
}
