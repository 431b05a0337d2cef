/**
 * The contract of a view reachable by key from the qube table (detail,
 * devices, network, policy, events, host, notifications). A view is a
 * component the app mounts while it is shown; it reads what it draws through
 * the daemon's command table (`api.read([..., '--format', 'json'])`), so tui/
 * stays free of Xen and D-Bus details and a viewer sees exactly what its role
 * may read.
 */
import type { Key } from 'ink';
import type { MutableRefObject, ReactElement } from 'react';
import type { ConsoleApi, QubeRowView } from '../console-api.js';
import type { Theme } from '../theme.js';

/** A key a view understands, listed in its help line and in `?`. */
export interface ViewKey {
  keys: string;
  help: string;
}

/**
 * Keys reach the shown view first; it answers whether it used the key. Keys it
 * leaves (Esc, q, ?, :) are the app's: back to the table, help, prompt.
 */
export type ViewKeyHandler = (input: string, key: Key) => boolean;

export interface ViewProps {
  api: ConsoleApi;
  theme: Theme;
  width: number;
  height: number;
  /** The qube under the table's cursor when the view was opened, if any. */
  qube: QubeRowView | null;
  /** The view sets `.current` on every render; the app calls it for each key. */
  keys: MutableRefObject<ViewKeyHandler | null>;
  /** Runs a mutating command with the app's message line ("running…", outcome). */
  run(argv: string[]): Promise<void>;
  /** Asks before a destructive command, as kill does. */
  confirm(request: { title: string; detail: string; argv: string[] }): void;
}

export interface InfoView {
  name: string;
  /** The key on the qube table that opens it. */
  key: string;
  title: string;
  help: string;
  viewKeys: readonly ViewKey[];
  Component(props: ViewProps): ReactElement;
}
