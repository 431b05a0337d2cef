/**
 * The daemon's workspaces (tmux's windows of one session): each a pane
 * layout, the target of every pane, and its focused pane. They live in the
 * daemon with the pane terminals, so a client that detaches and attaches
 * again (locally or over SSH) finds every pane where it was, scrollback
 * included. All clients share them, like clients attached to one tmux session.
 */
import { Listeners } from '../../xen-bridge/listeners.js';
import { ADMIN_QUBE } from '../registry/registry.js';
import { PaneLayout, PaneLayoutError, type SplitDirection } from '../../tui/pane-layout.js';
import type { PrefixAction } from '../../tui/prefix-keys.js';
import type { PaneTarget, WorkspaceFrame, WorkspacePane, WorkspaceSummary } from '../../tui/workspace-api.js';
import { CopyMode, type CopyOutcome } from '../terminals/copy-mode.js';
import type { PaneTerminal } from '../terminals/pane-terminal.js';
import type { TerminalRegistry } from '../terminals/terminal-registry.js';

interface PaneEntry {
  /** The pane's key in the terminal registry: unique across workspaces. */
  key: string;
  target: PaneTarget;
  off: () => void;
  /** Set while the pane is in copy mode (shared by every client, as tmux's is). */
  copy: CopyMode | null;
}

/** What a key in copy mode did, and which qube the pane shows (the source of a copy). */
export type CopyKeyOutcome = CopyOutcome & { source: string };

interface Workspace {
  name: string;
  layout: PaneLayout;
  panes: Map<number, PaneEntry>;
  focused: number;
}

/** Cells moved by one resize key, as tmux's resize-pane without a count. */
const RESIZE_STEP = 2;
/** Until a client draws, layouts are made for the smallest console the UI accepts. */
const DEFAULT_SIZE = { width: 80, height: 22 };
/** A terminal cell is about twice as high as wide: a pane wider than this ratio splits side by side. */
const SIDE_BY_SIDE_RATIO = 2;

/** The qube a pane shows: a dom0 shell is dom0's. */
const qubeOf = (target: PaneTarget): string => (target.kind === 'qube' ? target.name : ADMIN_QUBE);

const copyStatus = (m: CopyMode): string | null => (m.prompt ? `${m.prompt.direction === 'forward' ? '/' : '?'}${m.prompt.text}` : m.message);

const describeExit = (t: PaneTerminal): string | null => (t.exit === null ? null : t.exit.signal ? `signal ${t.exit.signal}` : `exit ${t.exit.exitCode}`);

export class WorkspaceStore {
  private readonly list: Workspace[] = [];
  private currentIndex = 0;
  private size = DEFAULT_SIZE;
  /** The size each client draws the workspaces at; the layouts take the smallest, as tmux does. */
  private readonly clientSizes = new Map<object, { width: number; height: number }>();
  private serial = 0;
  private readonly changes = new Listeners<void>();
  /** A shown pane's screen changed in place: redrawn without laying anything out again. */
  private readonly screens = new Listeners<void>();

  constructor(private readonly terminals: TerminalRegistry) {}

  summaries(): { workspaces: WorkspaceSummary[]; current: number | null } {
    return { workspaces: this.list.map((w) => ({ name: w.name, panes: w.panes.size })), current: this.list.length === 0 ? null : this.currentIndex };
  }

  subscribe(listener: () => void): () => void {
    return this.changes.add(listener);
  }

  /** See WorkspacesApi.onScreenChange. */
  onScreenChange(listener: () => void): () => void {
    return this.screens.add(listener);
  }

  /** The focused pane's terminal of the shown workspace: where a client's keys go. */
  focusedTerminal(): PaneTerminal | undefined {
    const entry = this.focusedEntry();
    return entry && this.terminals.get(entry.key);
  }

  /** The qube the focused pane is a terminal into (dom0 for a dom0 shell). */
  focusedQube(): string | undefined {
    const entry = this.focusedEntry();
    return entry && qubeOf(entry.target);
  }

  /** Whether the focused pane is in copy mode: then a client's keys are copy mode's. */
  focusedInCopyMode(): boolean {
    return this.focusedEntry()?.copy != null;
  }

  /** Keys for the focused pane's copy mode; it ends on exit and on copy. */
  copyModeInput(data: string): CopyKeyOutcome | undefined {
    const entry = this.focusedEntry();
    if (!entry?.copy) return undefined;
    const outcome = entry.copy.input(data);
    if (outcome.kind !== 'stay') entry.copy = null;
    this.changed();
    return { ...outcome, source: qubeOf(entry.target) };
  }

  /**
   * A client draws the workspaces on width x height cells from now on. Every
   * layout takes the smallest size any client has (a larger client shows the
   * panes in its top-left corner): clients of different sizes would
   * otherwise resize the panes back and forth on each other's frames.
   */
  setClientSize(client: object, width: number, height: number): void {
    const had = this.clientSizes.get(client);
    if (had?.width === width && had.height === height) return;
    this.clientSizes.set(client, { width, height });
    this.fitClients();
  }

  /** A client detached: the others may have room for larger panes now. */
  forgetClient(client: object): void {
    if (this.clientSizes.delete(client)) this.fitClients();
  }

  /** The shown workspace as laid out for the smallest client. */
  frame(): WorkspaceFrame | null {
    const ws = this.current();
    if (!ws) return null;
    const panes = new Map<number, WorkspacePane>();
    for (const [id, entry] of ws.panes) {
      const t = this.terminals.get(entry.key);
      if (!t) continue;
      panes.set(id, {
        id,
        target: entry.target,
        sharedWith: this.terminals.sharing(entry.key).length - 1,
        screen: { rows: t.rows, cells: (row) => t.cells(row), line: (row, width) => t.line(row, width) },
        cursor: t.cursor,
        exited: describeExit(t),
        copy: entry.copy && { rows: entry.copy.view(), position: entry.copy.position, status: copyStatus(entry.copy) },
      });
    }
    return { geometry: ws.layout.geometry(), panes, focused: ws.focused };
  }

  /** See WorkspacesApi.openQube. */
  openQube(name: string): void {
    for (const [i, ws] of this.list.entries()) {
      for (const [id, entry] of ws.panes) {
        if (entry.target.kind === 'qube' && entry.target.name === name && this.terminals.get(entry.key)?.exit === null) {
          this.currentIndex = i;
          ws.focused = id;
          this.changed();
          return;
        }
      }
    }
    const target: PaneTarget = { kind: 'qube', name };
    const ws = this.current();
    if (ws) {
      const rect = ws.layout.geometry().panes.find((p) => p.id === ws.focused);
      const direction: SplitDirection = rect && rect.width > SIDE_BY_SIDE_RATIO * rect.height ? 'horizontal' : 'vertical';
      if (this.trySplit(ws, direction, target) === null) return;
    }
    this.addWorkspace(target);
  }

  act(action: PrefixAction): string | null {
    if (action.kind === 'newWorkspace') {
      this.addWorkspace({ kind: 'dom0' });
      return null;
    }
    const ws = this.current();
    if (!ws) return 'no workspace: Enter on a qube opens one';
    switch (action.kind) {
      case 'split':
        return this.trySplit(ws, action.direction, { kind: 'dom0' });
      case 'focus': {
        const next = ws.layout.focusNeighbor(ws.focused, action.direction, this.cursorOnScreen(ws));
        if (next !== null) ws.focused = next;
        break;
      }
      case 'resize':
        ws.layout.resize(ws.focused, action.direction, RESIZE_STEP);
        break;
      case 'zoom':
        ws.layout.zoom(ws.focused);
        break;
      case 'copyMode':
        return this.enterCopyMode(ws);
      case 'nextLayout':
        ws.layout.nextLayout(ws.focused);
        break;
      case 'nextWorkspace':
        this.currentIndex = (this.currentIndex + 1) % this.list.length;
        break;
      case 'previousWorkspace':
        this.currentIndex = (this.currentIndex - 1 + this.list.length) % this.list.length;
        break;
      case 'selectWorkspace':
        if (action.index >= this.list.length) return `no workspace ${action.index}`;
        this.currentIndex = action.index;
        break;
      default:
        return null;
    }
    this.fitTerminals(ws);
    this.changed();
    return null;
  }

  /** Closes the shown workspace's focused pane; a workspace goes with its last pane. */
  closeFocused(): void {
    const ws = this.current();
    if (!ws) return;
    const entry = ws.panes.get(ws.focused);
    if (ws.panes.size === 1) {
      this.list.splice(this.currentIndex, 1);
      this.currentIndex = Math.max(0, Math.min(this.currentIndex, this.list.length - 1));
    } else {
      const next = ws.layout.close(ws.focused);
      ws.panes.delete(ws.focused);
      ws.focused = next;
      this.fitTerminals(ws);
    }
    if (entry) this.release(entry);
    this.changed();
  }

  /** The qube stopped: its console ends; its panes show that until closed. */
  async qubeHalted(name: string): Promise<void> {
    await this.terminals.qubeHalted(name);
    this.changed();
  }

  /** Daemon shutdown: every pane's program ends. */
  async closeAll(): Promise<void> {
    for (const ws of this.list.splice(0)) for (const entry of ws.panes.values()) entry.off();
    await this.terminals.closeAll();
  }

  private fitClients(): void {
    const sizes = [...this.clientSizes.values()];
    if (sizes.length === 0) return;
    const width = Math.min(...sizes.map((c) => c.width));
    const height = Math.min(...sizes.map((c) => c.height));
    if (width === this.size.width && height === this.size.height) return;
    this.size = { width, height };
    for (const ws of this.list) {
      ws.layout.setSize(width, height);
      this.fitTerminals(ws);
    }
    this.changed();
  }

  private current(): Workspace | undefined {
    return this.list[this.currentIndex];
  }

  private focusedEntry(): PaneEntry | undefined {
    const ws = this.current();
    return ws?.panes.get(ws.focused);
  }

  private enterCopyMode(ws: Workspace): string | null {
    const entry = ws.panes.get(ws.focused);
    const t = entry && this.terminals.get(entry.key);
    const rect = ws.layout.geometry().panes.find((p) => p.id === ws.focused);
    if (!entry || !t || !rect) return 'no pane to copy from';
    if (!entry.copy) {
      const { lines, cursor } = t.copyLines();
      entry.copy = new CopyMode(lines, rect.height, t.cols, cursor);
    }
    this.changed();
    return null;
  }

  /** Splits the focused pane with a new pane into `target`; returns why not, or null. */
  private trySplit(ws: Workspace, direction: SplitDirection, target: PaneTarget): string | null {
    let id: number;
    try {
      id = ws.layout.split(ws.focused, direction);
    } catch (e) {
      if (e instanceof PaneLayoutError) return e.message;
      throw e;
    }
    const rect = ws.layout.geometry().panes.find((p) => p.id === id);
    try {
      ws.panes.set(id, this.openTerminal(target, { cols: rect?.width ?? 10, rows: rect?.height ?? 5 }));
    } catch (e) {
      ws.layout.close(id);
      throw e;
    }
    ws.focused = id;
    this.fitTerminals(ws);
    this.changed();
    return null;
  }

  private addWorkspace(target: PaneTarget): void {
    const layout = PaneLayout.create(this.size.width, this.size.height);
    const [rect] = layout.geometry().panes;
    const entry = this.openTerminal(target, { cols: rect?.width ?? 10, rows: rect?.height ?? 5 });
    const name = target.kind === 'qube' ? target.name : 'dom0';
    this.list.push({ name, layout, panes: new Map([[0, entry]]), focused: 0 });
    this.currentIndex = this.list.length - 1;
    this.changed();
  }

  private openTerminal(target: PaneTarget, size: { cols: number; rows: number }): PaneEntry {
    const key = `pane-${++this.serial}`;
    const terminal = this.terminals.open(key, target, size);
    // A pane of a workspace not shown draws nothing, however much its program writes.
    const offChange = terminal.onChange(() => {
      if ([...(this.current()?.panes.values() ?? [])].some((e) => e.key === key)) this.screens.emit();
    });
    const offExit = terminal.onExit(() => this.changed());
    return {
      key,
      target,
      copy: null,
      off: () => {
        offChange();
        offExit();
      },
    };
  }

  private release(entry: PaneEntry): void {
    entry.off();
    void this.terminals.release(entry.key);
  }

  /** Each shown pane's terminal takes its pane's inner size. */
  private fitTerminals(ws: Workspace): void {
    for (const p of ws.layout.geometry().panes) {
      const entry = ws.panes.get(p.id);
      if (!entry) continue;
      this.terminals.resize(entry.key, { cols: p.width, rows: p.height });
      entry.copy?.resize(p.height);
    }
  }

  /** The focused pane's cursor in screen coordinates, so focus moves along the line being typed. */
  private cursorOnScreen(ws: Workspace): { x: number; y: number } | undefined {
    const rect = ws.layout.geometry().panes.find((p) => p.id === ws.focused);
    const entry = ws.panes.get(ws.focused);
    const t = entry && this.terminals.get(entry.key);
    if (!rect || !t) return undefined;
    const { cursor } = t;
    return { x: rect.x + cursor.x, y: rect.y + cursor.y };
  }

  private changed(): void {
    this.changes.emit();
  }
}
