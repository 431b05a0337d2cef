/**
 * The shown workspace, drawn by dom0: each pane's cells, its frame and title
 * in its qube's label colour, the focused pane's cursor as a reversed cell
 * (the client's own cursor stays hidden, so the frame never jumps), and a
 * line of workspace tabs. Redrawn whenever a pane's screen changes, which the
 * terminals report at most at the frame rate.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { composeWorkspace, type PaneScreen, type PaneView as ComposedPane } from './pane-compose.js';
import { fit, printable } from './printable.js';
import type { Theme } from './theme.js';
import type { WorkspacePane, WorkspacesApi } from './workspace-api.js';
import { framePainter } from './workspace-paint.js';

export interface PaneViewProps {
  workspaces: WorkspacesApi;
  width: number;
  /** Rows for the panes; the tab line comes below them. */
  height: number;
  labelOf: (qube: string) => string | undefined;
  theme: Theme;
  /** From useWorkspaceVersion: a pane's screen changes in place, so a new version means draw again. */
  version: number;
}

/** Re-renders when the workspaces or a pane's screen change. */
export function useWorkspaceVersion(workspaces: Pick<WorkspacesApi, 'subscribe'>): number {
  const [version, setVersion] = useState(0);
  useEffect(() => workspaces.subscribe(() => setVersion((v) => v + 1)), [workspaces]);
  return version;
}

/** What the title says: whose pane it is, whether the console is shared, whether its program ended. */
export function paneTitle(p: WorkspacePane): string {
  const who = p.target.kind === 'qube' ? `${p.target.name}: console${p.sharedWith > 0 ? ` (shared with ${p.sharedWith} more)` : ''}` : 'dom0 shell';
  return p.exited === null ? who : `${who} [ended, ${p.exited}: prefix x closes]`;
}

const REVERSE = '\x1b[7m';

/** The pane's screen with its cursor cell reversed. */
function withCursor(screen: PaneScreen, cursor: WorkspacePane['cursor']): PaneScreen {
  if (!cursor.visible) return screen;
  return {
    rows: screen.rows,
    cells: (row) => {
      const cells = screen.cells(row);
      if (row !== cursor.y) return cells;
      return cells.map((c, x) => (x === cursor.x ? { ...c, sgr: c.sgr + REVERSE } : c));
    },
  };
}

export function PaneView({ workspaces, width, height, labelOf, theme, version }: PaneViewProps) {
  const { lines, tabs } = useMemo(() => {
    const frame = workspaces.frame(width, height);
    const list = workspaces.list();
    const tabs = list.workspaces.map((w, i) => `${i}:${printable(w.name)}${i === list.current ? '*' : ''}`).join(' ');
    if (!frame) return { lines: [], tabs };
    const views = new Map<number, ComposedPane>();
    const targets = new Map([...frame.panes].map(([id, p]) => [id, p.target]));
    for (const [id, p] of frame.panes) {
      views.set(id, { title: `${id === frame.focused ? '> ' : ''}${paneTitle(p)}`, screen: id === frame.focused ? withCursor(p.screen, p.cursor) : p.screen });
    }
    const composed = composeWorkspace(frame.geometry, views, { focused: frame.focused, ascii: theme.glyphs.border === 'classic', paint: framePainter(targets, labelOf, theme.colors), ellipsis: theme.glyphs.ellipsis });
    return { lines: composed.lines, tabs };
  }, [workspaces, width, height, labelOf, theme, version]);
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l}
        </Text>
      ))}
      {workspaces.prefixPending() ? (
        <Text inverse bold wrap="truncate">
          {fit(` ${workspaces.prefix.name}: waiting for a command key (? lists them)`, width, theme.glyphs.ellipsis)}
        </Text>
      ) : (
        <Text dimColor wrap="truncate">
          {fit(` ${tabs}  | ${workspaces.prefix.name} prefix: ? help  q table`, width, theme.glyphs.ellipsis)}
        </Text>
      )}
    </Box>
  );
}
