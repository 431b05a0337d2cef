/** The last events, kept for `qtui events` and for clients that attach later. */
import type { EventBus, QtuiEvent } from './event-bus.js';

export class RecentEvents {
  private readonly buf: QtuiEvent[] = [];
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus, private readonly limit = 500) {
    this.unsubscribe = bus.subscribe((e) => {
      this.buf.push(e);
      if (this.buf.length > this.limit) this.buf.shift();
    });
  }

  list(): QtuiEvent[] {
    return [...this.buf];
  }

  stop(): void {
    this.unsubscribe();
  }
}
