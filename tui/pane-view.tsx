/**
 * The shown workspace, drawn by dom0: each pane's cells (or its copy mode),
 * its frame and title in its qube's label colour, and a line of workspace
 * tabs. The client's real cursor sits where the focused pane's program has
 * its cursor, while this client's keys go there and the program shows it.
 * Redrawn whenever a pane's screen changes, which the terminals report at
 * most at the frame rate. The tab line gives way to the prefix's prompt and
 * to a question put to this client (a paste the policy asks about).
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { copyModeScreen } from './copy-mode-view.js';
import { composeWorkspace, type PaneView as ComposedPane } from './pane-compose.js';
import { fit, printable } from './printable.js';
import { useRealCursor } from './real-cursor.js';
import { ScreenLines } from './screen-lines.js';
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

export function PaneView({ workspaces, width, height, labelOf, theme, version }: PaneViewProps) {
  const { lines, tabs, cursor } = useMemo(() => {
    const frame = workspaces.frame(width, height);
    const list = workspaces.list();
    const tabs = list.workspaces.map((w, i) => `${i}:${printable(w.name)}${i === list.current ? '*' : ''}`).join(' ');
    if (!frame) return { lines: [], tabs, cursor: null };
    const views = new Map<number, ComposedPane>();
    const targets = new Map([...frame.panes].map(([id, p]) => [id, p.target]));
    const keysHere = workspaces.keysToPane();
    for (const [id, p] of frame.panes) {
      const rect = frame.geometry.panes.find((r) => r.id === id);
      const title = `${id === frame.focused ? '> ' : ''}${paneTitle(p)}${p.copy ? ' [copy mode]' : ''}`;
      if (p.copy) views.set(id, { title, screen: copyModeScreen(p.copy, rect?.width ?? 0) });
      else views.set(id, { title, screen: p.screen, ...(keysHere && id === frame.focused ? { cursor: p.cursor } : {}) });
    }
    const composed = composeWorkspace(frame.geometry, views, { focused: frame.focused, ascii: theme.glyphs.border === 'classic', paint: framePainter(targets, labelOf, theme.colors), ellipsis: theme.glyphs.ellipsis });
    return { lines: composed.lines, tabs, cursor: composed.cursor };
  }, [workspaces, width, height, labelOf, theme, version]);
  const question = workspaces.pasteQuestion();
  // While a question is open the keys answer it, so the cursor leaves the pane.
  useRealCursor(question === null ? cursor : null);
  const banner = workspaces.prefixPending() ? ` ${workspaces.prefix.name}: waiting for a command key (? lists them)` : question === null ? null : ` ${printable(question)}`;
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <ScreenLines lines={lines} height={height} />
      {banner !== null ? (
        <Text inverse bold wrap="truncate">
          {fit(banner, width, theme.glyphs.ellipsis)}
        </Text>
      ) : (
        <Text dimColor wrap="truncate">
          {fit(` ${tabs}  | ${workspaces.prefix.name} prefix: ? help  q table`, width, theme.glyphs.ellipsis)}
        </Text>
      )}
    </Box>
  );
}
