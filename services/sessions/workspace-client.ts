/**
 * One client's view of the daemon's workspaces (tui/workspace-api.ts): the
 * shared WorkspaceStore, plus what is this client's alone, whether its keys
 * go to the focused pane now and who handles its prefix keys.
 */
import { Listeners } from '../../xen-bridge/listeners.js';
import type { PrefixAction, PrefixKey } from '../../tui/prefix-keys.js';
import type { WorkspaceFrame, WorkspacesApi, WorkspaceSummary } from '../../tui/workspace-api.js';
import type { KeySink } from './input-router.js';
import type { WorkspaceStore } from './workspace-store.js';

export class WorkspaceClient implements WorkspacesApi {
  private keysToPane = false;
  private pending = false;
  private readonly prefixHandlers = new Listeners<PrefixAction>();
  /** Changes only this client sees (its prefix being pending). */
  private readonly own = new Listeners<void>();

  constructor(
    private readonly store: WorkspaceStore,
    readonly prefix: PrefixKey,
  ) {}

  list(): { workspaces: WorkspaceSummary[]; current: number | null } {
    return this.store.summaries();
  }

  frame(width: number, height: number): WorkspaceFrame | null {
    this.store.setClientSize(this, width, height);
    return this.store.frame();
  }

  subscribe(listener: () => void): () => void {
    const offStore = this.store.subscribe(listener);
    const offOwn = this.own.add(listener);
    return () => {
      offStore();
      offOwn();
    };
  }

  prefixPending(): boolean {
    return this.pending;
  }

  /** For the input router: the prefix was typed, or its command key came. */
  setPrefixPending(on: boolean): void {
    this.pending = on;
    this.own.emit();
  }

  openQube(name: string): void {
    this.store.openQube(name);
  }

  act(action: PrefixAction): string | null {
    return this.store.act(action);
  }

  closeFocused(): void {
    this.store.closeFocused();
  }

  setKeysToPane(on: boolean): void {
    this.keysToPane = on;
  }

  onPrefix(handler: (action: PrefixAction) => void): () => void {
    return this.prefixHandlers.add(handler);
  }

  /** For the input router: the focused pane while this client's keys go there. */
  keySink(): KeySink | undefined {
    return this.keysToPane ? this.store.focusedTerminal() : undefined;
  }

  prefixKey(action: PrefixAction): void {
    this.prefixHandlers.emit(action);
  }

  close(): void {
    this.store.forgetClient(this);
    this.prefixHandlers.clear();
    this.own.clear();
  }
}
