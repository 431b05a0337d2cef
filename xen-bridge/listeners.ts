/**
 * A typed set of callbacks. Preferred over EventEmitter here because an
 * emitter's unhandled 'error' event throws, and xen-bridge never throws at
 * its callers from a background event.
 */
export class Listeners<T> {
  private readonly fns = new Set<(value: T) => void>();

  /** Registers a callback; the returned function unregisters it. */
  add(fn: (value: T) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }

  emit(value: T): void {
    for (const fn of [...this.fns]) fn(value);
  }

  clear(): void {
    this.fns.clear();
  }
}
