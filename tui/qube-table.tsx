/**
 * The qube table. Only the rows in the window are built, so a thousand qubes
 * cost no more to draw than a screenful. The rows are built as styled lines
 * drawn straight onto the client's screen (ScreenLines): through Ink, measuring
 * and re-parsing their cells was most of the time from a key to its frame.
 */
import chalk from 'chalk';
import { Box } from 'ink';
import { labelColor } from './label-colors.js';
import { fit, printable } from './printable.js';
import type { Column } from './qube-columns.js';
import { COLUMN_GAP } from './qube-columns.js';
import type { SortOrder } from './qube-list.js';
import type { TableRow } from './qube-tree.js';
import { ScreenLines } from './screen-lines.js';
import type { Theme } from './theme.js';
import { STATE_COLORS } from './theme.js';
import { styleFor } from './workspace-paint.js';

export interface QubeTableProps {
  rows: readonly TableRow[];
  columns: readonly Column[];
  top: number;
  height: number;
  cursor: number;
  marks: ReadonlySet<string>;
  sort: SortOrder;
  theme: Theme;
}

/** Cursor, mark and label swatch come before the columns. */
export const GUTTER_WIDTH = 4;

const gap = ' '.repeat(COLUMN_GAP);

/** One row of the table as a line styled with SGR sequences. */
export function qubeRowLine(row: TableRow, columns: readonly Column[], selected: boolean, marked: boolean, theme: Theme): string {
  const g = theme.glyphs;
  const qube = row.qube;
  const cells = columns.map((c, i) => {
    const text = printable(c.cell(qube, g));
    const cell = fit(c.key === 'name' ? row.indent + text : text, c.width, g.ellipsis, c.align);
    return (i === 0 ? '' : gap) + (c.key === 'state' ? styleFor(STATE_COLORS[qube.state])(cell) : cell);
  });
  const line = `${selected ? g.cursor : ' '}${chalk.cyan(marked ? g.mark : ' ')}${styleFor(labelColor(qube.label, theme.colors))(g.swatch)} ${cells.join('')}`;
  return selected ? chalk.inverse(line) : line;
}

export function QubeTable({ rows, columns, top, height, cursor, marks, sort, theme }: QubeTableProps) {
  const g = theme.glyphs;
  const header = columns
    .map((c) => {
      const arrow = c.key === sort.key ? (sort.descending ? g.descending : g.ascending) : '';
      return fit(c.header + arrow, c.width, g.ellipsis, c.align);
    })
    .join(gap);
  const window = rows.slice(top, top + height);
  const lines =
    window.length === 0 ? [chalk.dim('  no qube matches')] : window.map((row, i) => qubeRowLine(row, columns, top + i === cursor, marks.has(row.qube.name), theme));
  return (
    // No fixed height: the rows are inserted between Ink's (see ScreenLines).
    <Box flexDirection="column">
      <ScreenLines lines={[chalk.bold(`${' '.repeat(GUTTER_WIDTH)}${header}`)]} height={1} />
      <ScreenLines lines={lines} height={height} inserted />
    </Box>
  );
}
