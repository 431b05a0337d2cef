/**
 * Runs tasks one at a time in arrival order. xl's mutating commands share
 * libxl state (domids, xenstore, the lock file) and are not safe to overlap.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one whether it succeeds or fails.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
