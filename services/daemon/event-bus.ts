/** Every state change the daemon makes or sees, published once to whoever listens (views, `qtui events`, SSH sessions). */

export interface QtuiEvent {
  type: string;
  time: string;
  qube?: string;
  [key: string]: unknown;
}

export type EventListener = (event: QtuiEvent) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  publish(type: string, fields: Omit<QtuiEvent, 'type' | 'time'> = {}): void {
    const event: QtuiEvent = { ...fields, type, time: new Date().toISOString() };
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // One broken subscriber must not keep the event from the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
