/**
 * Records every emission of some signals of a dbus-next client interface
 * from the moment it is created, so a test can wait for one that matches
 * without racing the bus's match rules.
 */
import type { ClientInterface } from 'dbus-next';

const WAIT_MS = 5_000;

export class SignalLog {
  private readonly seen: { name: string; args: unknown[] }[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(iface: ClientInterface, names: readonly string[]) {
    for (const name of names) {
      iface.on(name, (...args: unknown[]) => {
        this.seen.push({ name, args });
        for (const w of this.waiters) w();
      });
    }
  }

  /** Resolves with the arguments of the first `name` signal (already seen or to come) that `match` accepts. */
  waitFor(name: string, match: (args: unknown[]) => boolean = () => true): Promise<unknown[]> {
    const find = (): unknown[] | undefined => this.seen.find((s) => s.name === name && match(s.args))?.args;
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const args = find();
        if (!args) return;
        cleanup();
        resolve(args);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${name} signal matching within ${WAIT_MS} ms; seen: ${JSON.stringify(this.seen)}`));
      }, WAIT_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  count(name: string, match: (args: unknown[]) => boolean = () => true): number {
    return this.seen.filter((s) => s.name === name && match(s.args)).length;
  }
}
