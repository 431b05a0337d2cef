/**
 * The shown workspace, drawn by dom0: each pane's cells (or its copy mode),
 * its frame and title in its qube's label colour, and a line of workspace
 * tabs. The client's real cursor sits where the focused pane's program has
 * its cursor, while this client's keys go there and the program shows it.
 * A pane's screen changing (reported at most at the frame rate) redraws its
 * rows without rendering. The tab line gives way to the prefix's prompt and
 * to a question put to this client (a paste the policy asks about).
 */
import { Box, Text } from 'ink';
import { useEffect, useReducer, useRef } from 'react';
import { copyModeScreen } from './copy-mode-view.js';
import { composeWorkspace, type PaneView as ComposedPane } from './pane-compose.js';
import { fit, printable } from './printable.js';
import { useRealCursor } from './real-cursor.js';
import { ScreenLines, type ScreenLinesHandle } from './screen-lines.js';
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
}

/** Renders again when the workspaces change (a pane's cells changing is drawn without a render: see PaneView). */
export function useWorkspaceChanges(workspaces: Pick<WorkspacesApi, 'subscribe'>): void {
  const [, renderAgain] = useReducer((n: number) => n + 1, 0);
  useEffect(() => workspaces.subscribe(renderAgain), [workspaces]);
}

/** What the title says: whose pane it is, whether the console is shared, whether its program ended. */
export function paneTitle(p: WorkspacePane): string {
  const who = p.target.kind === 'qube' ? `${p.target.name}: console${p.sharedWith > 0 ? ` (shared with ${p.sharedWith} more)` : ''}` : 'dom0 shell';
  return p.exited === null ? who : `${who} [ended, ${p.exited}: prefix x closes]`;
}

/** The shown workspace composed into screen rows for this client, with the focused pane's cursor. */
function composeFrame(workspaces: WorkspacesApi, width: number, height: number, labelOf: (qube: string) => string | undefined, theme: Theme): { lines: string[]; tabs: string; cursor: { x: number; y: number } | null } {
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
}

export function PaneView({ workspaces, width, height, labelOf, theme }: PaneViewProps) {
  // Composed on every render as well, since the panes' cells change in place between renders.
  const { lines, tabs, cursor } = composeFrame(workspaces, width, height, labelOf, theme);
  const question = workspaces.pasteQuestion();
  const region = useRef<ScreenLinesHandle>(null);
  const [, renderAgain] = useReducer((n: number) => n + 1, 0);
  // While a question is open the keys answer it, so the cursor leaves the pane.
  const placeCursor = useRealCursor(question === null ? cursor : null);
  // A pane's program wrote: its rows are drawn straight onto the screen, without React or Ink laying anything out.
  useEffect(
    () =>
      workspaces.onScreenChange(() => {
        const next = composeFrame(workspaces, width, height, labelOf, theme);
        if (!region.current?.draw(next.lines) || !placeCursor) return renderAgain();
        placeCursor(workspaces.pasteQuestion() === null ? next.cursor : null);
      }),
    [workspaces, width, height, labelOf, theme, placeCursor],
  );
  const banner = workspaces.prefixPending() ? ` ${workspaces.prefix.name}: waiting for a command key (? lists them)` : question === null ? null : ` ${printable(question)}`;
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <ScreenLines ref={region} lines={lines} height={height} />
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
