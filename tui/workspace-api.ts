/**
 * What the console UI sees of the daemon's workspaces (the panes of every
 * workspace, shared by all clients as tmux sessions are) and of its own
 * client's input routing. Part of the ConsoleApi contract: tui/ knows
 * nothing else of terminals.
 */
import type { PaneScreen } from './pane-compose.js';
import type { LayoutGeometry } from './pane-layout.js';
import type { PrefixAction, PrefixKey } from './prefix-keys.js';

export type PaneTarget = { kind: 'qube'; name: string } | { kind: 'dom0' };

/** One row of a pane in copy mode: the cells of the line shown there, the selected ones [from, to], the cursor's column. */
export interface CopyRow {
  cells: readonly string[];
  selected: { from: number; to: number } | null;
  cursor: number | null;
}

/** A pane in copy mode: a frozen copy of its lines, drawn instead of its live screen. */
export interface CopyModeView {
  rows: readonly CopyRow[];
  /** tmux's indicator, "[12/340]": lines scrolled back, of how many. */
  position: string;
  /** The search being typed ("/text"), or what the last key could not do; null for neither. */
  status: string | null;
}

export interface WorkspacePane {
  id: number;
  target: PaneTarget;
  /** Other panes (in any workspace) showing the same terminal: a qube has one console. */
  sharedWith: number;
  screen: PaneScreen;
  cursor: { x: number; y: number; visible: boolean };
  /** How the program ended ("exit 0", "signal 9"), or null while it runs. */
  exited: string | null;
  /** Set while the pane is in copy mode. */
  copy: CopyModeView | null;
}

export interface WorkspaceFrame {
  geometry: LayoutGeometry;
  panes: ReadonlyMap<number, WorkspacePane>;
  focused: number;
}

export interface WorkspaceSummary {
  name: string;
  panes: number;
}

export interface WorkspacesApi {
  /** Every workspace in order, and the index of the one shown (null when there is none). */
  list(): { workspaces: WorkspaceSummary[]; current: number | null };
  /**
   * The shown workspace, or null when there is none. width x height is this
   * client's room for it; the layout is as large as the smallest client's.
   */
  frame(width: number, height: number): WorkspaceFrame | null;
  /** Called when the workspaces, their layout or a pane's state (copy mode, exit, question, prefix) changed; returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
  /**
   * Called when the cells or cursor of a shown pane changed (at most at the
   * frame rate), and nothing else did: a fresh frame() has the new cells,
   * and nothing needs laying out again. Returns an unsubscribe.
   */
  onScreenChange(listener: () => void): () => void;
  /**
   * Shows a pane into the qube: the one that shows it already, else a new
   * pane next to the focused one, else a new workspace. Throws when its
   * console cannot open.
   */
  openQube(name: string): void;
  /** A workspace or pane action; returns a message for the user when it could not be done. */
  act(action: PrefixAction): string | null;
  /** Closes the focused pane of the shown workspace (and the workspace with its last pane). */
  closeFocused(): void;
  /** While true, this client's raw keys go to the focused pane (the prefix excepted), not to Ink. */
  setKeysToPane(on: boolean): void;
  /** Whether this client's keys go to the focused pane now: only then does its real cursor show there. */
  keysToPane(): boolean;
  /** A question put to this client's user (a paste the policy asks about), whose answer its next key is; null for none. */
  pasteQuestion(): string | null;
  /** Whether this client typed the prefix and its command key is awaited. */
  prefixPending(): boolean;
  /** The UI's handler for keys typed after the prefix; returns an unsubscribe. */
  onPrefix(handler: (action: PrefixAction) => void): () => void;
  readonly prefix: PrefixKey;
}
