/**
 * A client's raw input, routed before Ink sees it (tmux's server_client_handle_key):
 * while the console shows a pane, every byte goes to that pane's program
 * unchanged, cursor keys put in the cursor mode the program asked for, except
 * the prefix key, after which the next key is a workspace command. Otherwise
 * the bytes are Ink's.
 */
import { firstKey, prefixAction, type PrefixAction, type PrefixKey } from '../../tui/prefix-keys.js';
import { adaptCursorKeys, type KeyModes } from '../terminals/key-encoder.js';

/** Where a pane's keys go: the focused pane's program. */
export interface KeySink {
  write(data: string): void;
  readonly modes: KeyModes;
}

export interface InputRouterOptions {
  prefix: PrefixKey;
  /** Bytes for Ink (the table, a prompt, an overlay). */
  toInk(data: Buffer): void;
  /** The pane keys go to now, if the console shows one and wants them there. */
  pane(): KeySink | undefined;
  /** A key typed after the prefix. */
  onPrefix(action: PrefixAction): void;
  /** The prefix was typed and the command key is awaited (true), or it came (false). */
  onPending?(pending: boolean): void;
}

export class InputRouter {
  private afterPrefix = false;
  /** Bytes of a key cut in two by the transport, kept until the rest arrives. */
  private partial = '';

  constructor(private readonly o: InputRouterOptions) {}

  input(data: Buffer): void {
    let text = this.partial + data.toString('utf8');
    this.partial = '';
    while (text !== '') {
      const pane = this.o.pane();
      if (!pane) {
        this.setPending(false);
        this.o.toInk(Buffer.from(text, 'utf8'));
        return;
      }
      if (this.afterPrefix) {
        const key = firstKey(text);
        if (key === text && isIncomplete(key)) {
          this.partial = key;
          return;
        }
        text = text.slice(key.length);
        this.setPending(false);
        if (key === this.o.prefix.byte) pane.write(key);
        else {
          const action = prefixAction(key);
          // An unbound key after the prefix does nothing, as in tmux.
          if (action) this.o.onPrefix(action);
        }
        continue;
      }
      const at = text.indexOf(this.o.prefix.byte);
      const before = at < 0 ? text : text.slice(0, at);
      if (before !== '') pane.write(adaptCursorKeys(before, pane.modes));
      if (at < 0) return;
      this.setPending(true);
      text = text.slice(at + 1);
    }
  }

  private setPending(on: boolean): void {
    if (this.afterPrefix === on) return;
    this.afterPrefix = on;
    this.o.onPending?.(on);
  }
}

/** A lone ESC or an unfinished CSI: more bytes of the same key may follow. */
function isIncomplete(key: string): boolean {
  return key === '\x1b' || key === '\x1b[' || key === '\x1bO' || (key.startsWith('\x1b[') && !/[@-~]$/.test(key.slice(2)));
}
