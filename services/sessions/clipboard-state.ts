/**
 * What the status line says of the secure clipboard ("N bytes from QUBE"):
 * asked of the GUI domain, which holds it, whenever a clipboard command ran
 * (from any client, the CLI or SSH) or the GUI domain came or went, and
 * cached in between so drawing a frame never waits on D-Bus.
 */
import { QTUI_CLIPBOARD } from '../dbus-protocol/index.js';
import type { EventBus } from '../daemon/event-bus.js';
import type { RelayContext } from '../relay/relay-context.js';
import { decodeClipboardState } from '../relay/reply-decoders.js';

export interface ClipboardView {
  bytes: number;
  source: string;
}

const CLIPBOARD_COMMANDS = new Set(['clipboard-copy', 'clipboard-paste']);
const DOMAIN_EVENTS = new Set(['domain-start', 'domain-shutdown']);

export class ClipboardState {
  private value: ClipboardView | null = null;
  private readonly off: () => void;
  /** Bumped per question, so an answer that comes after a newer question is dropped. */
  private asked = 0;

  constructor(
    private readonly ctx: RelayContext & { events: EventBus },
    private readonly onChange: () => void,
  ) {
    this.off = ctx.events.subscribe((e) => {
      if ((e.type === 'command' && CLIPBOARD_COMMANDS.has(String(e.command))) || DOMAIN_EVENTS.has(e.type)) void this.refresh();
    });
    void this.refresh();
  }

  get current(): ClipboardView | null {
    return this.value;
  }

  close(): void {
    this.off();
    this.asked++;
  }

  private async refresh(): Promise<void> {
    const ask = ++this.asked;
    let next: ClipboardView | null = null;
    const gui = this.ctx.serviceQube('gui');
    if (gui !== undefined) {
      try {
        const s = await this.ctx.relay.call(gui, QTUI_CLIPBOARD, 'State', [], decodeClipboardState);
        next = s.size > 0 && s.source !== '' ? { bytes: s.size, source: s.source } : null;
      } catch {
        // No answer (the link is down): the clipboard cannot be used either, so it shows as empty.
      }
    }
    if (ask !== this.asked) return;
    const same = next === null ? this.value === null : this.value !== null && this.value.bytes === next.bytes && this.value.source === next.source;
    this.value = next;
    if (!same) this.onChange();
  }
}
