/**
 * One client's view of the daemon's workspaces (tui/workspace-api.ts): the
 * shared WorkspaceStore, plus what is this client's alone, whether its keys
 * go to the focused pane now and who handles its prefix keys. The secure
 * clipboard keys run the command table's clipboard-copy and clipboard-paste
 * as this client's caller, so its role and the policy decide as they do for
 * the CLI. Where the policy asks before a paste, the question is put to
 * this client's user, the person at the console (as Qubes asks the person at
 * dom0): while it is open, this client's keys go to it and to no pane, so
 * neither a qube's program nor its output can answer it.
 */
import { Listeners } from '../../xen-bridge/listeners.js';
import { firstKey, type PrefixAction, type PrefixKey } from '../../tui/prefix-keys.js';
import type { WorkspaceFrame, WorkspacesApi, WorkspaceSummary } from '../../tui/workspace-api.js';
import { encodePaste } from '../terminals/key-encoder.js';
import type { PaneTerminal } from '../terminals/pane-terminal.js';
import type { KeySink } from './input-router.js';
import type { WorkspaceStore } from './workspace-store.js';

/** How this client runs commands and tells its user. */
export interface PaneCommands {
  /** Runs a command of the table as this client's caller; rejects with why it was refused. */
  run(argv: readonly string[]): Promise<{ data?: unknown }>;
  /** A line on this client's message line. */
  notify(text: string, level: 'info' | 'error'): void;
}

/** Pasted text is text, not keys: control characters other than tab and newlines are dropped. */
const PASTE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** A paste the policy asks about, awaiting this client's y (or anything else, for no). */
interface PasteQuestion {
  text: string;
  source: string;
  qube: string;
  terminal: PaneTerminal;
}

export class WorkspaceClient implements WorkspacesApi {
  private toPane = false;
  private pending = false;
  private question: PasteQuestion | null = null;
  private readonly prefixHandlers = new Listeners<PrefixAction>();
  /** Changes only this client sees (its prefix being pending). */
  private readonly own = new Listeners<void>();

  /** Keys while the focused pane is in copy mode: plain cursor keys, as copy mode reads them. */
  private readonly copySink: KeySink = { modes: { applicationCursorKeys: false }, write: (data) => this.copyKeys(data) };
  /** Keys while a paste question is open: the first one answers it, and none reaches a pane. */
  private readonly questionSink: KeySink = { modes: { applicationCursorKeys: false }, write: (data) => this.answer(data) };

  constructor(
    private readonly store: WorkspaceStore,
    readonly prefix: PrefixKey,
    private readonly commands?: PaneCommands,
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

  onScreenChange(listener: () => void): () => void {
    return this.store.onScreenChange(listener);
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
    // A key under the prefix is not an answer: it leaves the question unanswered.
    this.cancelQuestion();
    if (action.kind !== 'paste') return this.store.act(action);
    if (!this.commands) return 'this console has no clipboard';
    const qube = this.store.focusedQube();
    const terminal = this.store.focusedTerminal();
    if (qube === undefined || !terminal) return 'no pane to paste into';
    const commands = this.commands;
    void commands.run(['clipboard-show', '--', qube]).then(
      (r) => {
        const asked = askedPaste(r.data);
        if (asked === null) return this.paste(['clipboard-paste', '--', qube], qube, terminal);
        // The keys went elsewhere meanwhile: no one is there to answer.
        if (!this.toPane) return commands.notify('paste cancelled', 'info');
        this.question = { text: `paste ${asked.bytes} bytes from ${asked.source} into ${qube}? y/n`, source: asked.source, qube, terminal };
        this.own.emit();
      },
      (e: unknown) => commands.notify(`paste: ${e instanceof Error ? e.message : String(e)}`, 'error'),
    );
    return null;
  }

  pasteQuestion(): string | null {
    return this.question?.text ?? null;
  }

  private answer(data: string): void {
    const q = this.question;
    if (!q) return;
    this.question = null;
    this.own.emit();
    const key = firstKey(data);
    if (key === 'y' || key === 'Y') this.paste(['clipboard-paste', '--yes', '--from', q.source, '--', q.qube], q.qube, q.terminal);
    else this.commands?.notify('paste cancelled; the clipboard keeps its text', 'info');
  }

  private cancelQuestion(): void {
    if (!this.question) return;
    this.question = null;
    this.own.emit();
    this.commands?.notify('paste cancelled; the clipboard keeps its text', 'info');
  }

  /** Runs clipboard-paste and writes what it hands over into the terminal as a bracketed paste. */
  private paste(argv: readonly string[], qube: string, terminal: PaneTerminal): void {
    const commands = this.commands;
    if (!commands) return;
    void commands.run(argv).then(
      (r) => {
        const pasted = pastedText(r.data);
        if (pasted === null) return commands.notify('paste: the clipboard answered nothing', 'error');
        terminal.write(encodePaste(pasted.text.replace(PASTE_CONTROLS, ''), terminal.modes));
        commands.notify(`pasted ${Buffer.byteLength(pasted.text)} bytes from ${pasted.source} into ${qube}`, 'info');
      },
      (e: unknown) => commands.notify(`paste: ${e instanceof Error ? e.message : String(e)}`, 'error'),
    );
  }

  closeFocused(): void {
    this.store.closeFocused();
  }

  setKeysToPane(on: boolean): void {
    if (this.toPane === on) return;
    this.toPane = on;
    if (!on) this.cancelQuestion();
    // The real cursor shows in the pane only while keys go there.
    this.own.emit();
  }

  keysToPane(): boolean {
    return this.toPane;
  }

  onPrefix(handler: (action: PrefixAction) => void): () => void {
    return this.prefixHandlers.add(handler);
  }

  /** For the input router: the focused pane (or its copy mode) while this client's keys go there. */
  keySink(): KeySink | undefined {
    if (!this.toPane) return undefined;
    if (this.question) return this.questionSink;
    return this.store.focusedInCopyMode() ? this.copySink : this.store.focusedTerminal();
  }

  prefixKey(action: PrefixAction): void {
    this.prefixHandlers.emit(action);
  }

  private copyKeys(data: string): void {
    const outcome = this.store.copyModeInput(data);
    const commands = this.commands;
    if (outcome?.kind !== 'copy' || !commands) return;
    if (outcome.text === '') return commands.notify('copy: nothing selected', 'error');
    void commands.run(['clipboard-copy', '--', outcome.source, outcome.text]).then(
      () => commands.notify(`copied ${Buffer.byteLength(outcome.text)} bytes from ${outcome.source}`, 'info'),
      (e: unknown) => commands.notify(`copy: ${e instanceof Error ? e.message : String(e)}`, 'error'),
    );
  }

  close(): void {
    this.question = null;
    this.store.forgetClient(this);
    this.prefixHandlers.clear();
    this.own.clear();
  }
}

/** From clipboard-show's data: the clipboard's size and source when the policy asks about the paste, else null (the paste itself then says yes or why not). */
function askedPaste(data: unknown): { bytes: number; source: string } | null {
  if (typeof data !== 'object' || data === null) return null;
  const { decision, bytes, source } = data as Record<string, unknown>;
  return decision === 'ask' && typeof bytes === 'number' && typeof source === 'string' ? { bytes, source } : null;
}

/** The text clipboard-paste handed over, from its result's data. */
function pastedText(data: unknown): { text: string; source: string } | null {
  if (typeof data !== 'object' || data === null) return null;
  const { text, source } = data as Record<string, unknown>;
  return typeof text === 'string' && typeof source === 'string' ? { text, source } : null;
}
