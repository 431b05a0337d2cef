/**
 * A listening unix socket that hands out one connection at a time, like a
 * C loop around accept(2): the rest wait unread (Node accepts eagerly, so
 * they are held paused here instead of in the kernel's backlog; to their
 * peers the two look the same: connected, and nothing answers).
 */
import { createServer, type Server, type Socket } from 'node:net';

export class ConnectionQueue {
  readonly server: Server;
  private readonly waiting: Socket[] = [];
  private wake: (() => void) | undefined;

  constructor() {
    this.server = createServer({ pauseOnConnect: true }, (s) => {
      // A peer that gives up while queued must not take the process down.
      s.on('error', () => undefined);
      this.waiting.push(s);
      this.wake?.();
    });
  }

  /** listen(2) on a path or an inherited listening fd; rejects with the errno error. */
  listen(where: { path: string } | { fd: number }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ ...where, backlog: 5 }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** The next connection, still paused; connections that died while queued are skipped. */
  async next(): Promise<Socket> {
    for (;;) {
      const s = this.waiting.shift();
      if (s && !s.destroyed) return s;
      if (!s) await new Promise<void>((r) => (this.wake = r));
    }
  }
}
