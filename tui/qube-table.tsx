/**
 * The qube table. Only the rows in the window are built, so a thousand qubes
 * cost no more to draw than a screenful.
 */
import { Box, Text } from 'ink';
import { labelColor } from './label-colors.js';
import { fit, printable } from './printable.js';
import type { Column } from './qube-columns.js';
import { COLUMN_GAP } from './qube-columns.js';
import type { SortOrder } from './qube-list.js';
import type { TableRow } from './qube-tree.js';
import type { Theme } from './theme.js';
import { STATE_COLORS } from './theme.js';

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

export function QubeTable({ rows, columns, top, height, cursor, marks, sort, theme }: QubeTableProps) {
  const g = theme.glyphs;
  const header = columns
    .map((c) => {
      const arrow = c.key === sort.key ? (sort.descending ? g.descending : g.ascending) : '';
      return fit(c.header + arrow, c.width, g.ellipsis, c.align);
    })
    .join(gap);
  const window = rows.slice(top, top + height);
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text bold wrap="truncate">
        {' '.repeat(GUTTER_WIDTH)}
        {header}
      </Text>
      {window.length === 0 ? <Text dimColor>  no qube matches</Text> : null}
      {window.map((row, i) => (
        <QubeRow key={row.qube.name} row={row} columns={columns} selected={top + i === cursor} marked={marks.has(row.qube.name)} theme={theme} />
      ))}
    </Box>
  );
}

interface QubeRowProps {
  row: TableRow;
  columns: readonly Column[];
  selected: boolean;
  marked: boolean;
  theme: Theme;
}

function QubeRow({ row, columns, selected, marked, theme }: QubeRowProps) {
  const g = theme.glyphs;
  const qube = row.qube;
  return (
    <Text wrap="truncate" inverse={selected}>
      {selected ? g.cursor : ' '}
      <Text color="cyan">{marked ? g.mark : ' '}</Text>
      <Text color={labelColor(qube.label, theme.colors)}>{g.swatch}</Text>{' '}
      {columns.map((c, i) => {
        const text = printable(c.cell(qube, g));
        const cell = fit(c.key === 'name' ? row.indent + text : text, c.width, g.ellipsis, c.align);
        const sep = i === 0 ? '' : gap;
        return c.key === 'state' ? (
          <Text key={c.key}>
            {sep}
            <Text color={STATE_COLORS[qube.state]}>{cell}</Text>
          </Text>
        ) : (
          sep + cell
        );
      })}
    </Text>
  );
}
