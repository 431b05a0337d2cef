/**
 * A program in a real pty, read back through a terminal emulator, with the
 * two measurements the benchmarks need: how long from a keystroke until the
 * screen shows its effect, and how many bytes a keystroke makes the program
 * send.
 */
import xtermHeadless from '@xterm/headless';
import pty from 'node-pty';

export class PtyScreen {
  readonly term: xtermHeadless.Terminal;
  readonly proc: pty.IPty;
  readonly exited: Promise<number>;
  /** Bytes received so far. */
  received = 0;
  private waiters: ((arrivedAt: number) => void)[] = [];

  constructor(file: string, args: readonly string[], env: NodeJS.ProcessEnv, readonly cols = 200, readonly rows = 50) {
    this.term = new xtermHeadless.Terminal({ cols, rows, allowProposedApi: true });
    this.proc = pty.spawn(file, [...args], { cols, rows, env: env as Record<string, string> });
    this.proc.onData((d) => {
      const arrivedAt = performance.now();
      this.received += Buffer.byteLength(d);
      // Checked once the emulator has taken the chunk in, i.e. when that frame is on screen.
      this.term.write(d, () => {
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f(arrivedAt);
      });
    });
    this.exited = new Promise((r) => this.proc.onExit((e) => r(e.exitCode)));
  }

  get pid(): number {
    return this.proc.pid;
  }

  text(): string {
    return Array.from({ length: this.rows }, (_, y) => this.term.buffer.active.getLine(y)?.translateToString(true) ?? '').join('\n');
  }

  /** The screen line holding `word` as a whole word, or ''. */
  line(word: string): string {
    return this.text().split('\n').find((l) => l.split(/\s+/).includes(word)) ?? '';
  }

  /**
   * Resolves when `pred` holds for the screen, checked after each chunk of
   * output, with the time the chunk that made it hold arrived (now, if it
   * held already).
   */
  waitFor(pred: (text: string) => boolean, timeoutMs = 30_000, what = 'the screen'): Promise<number> {
    return new Promise((resolve, reject) => {
      if (pred(this.text())) return resolve(performance.now());
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; screen:\n${this.text()}`)), timeoutMs);
      const check = (arrivedAt: number): void => {
        if (pred(this.text())) {
          clearTimeout(timer);
          resolve(arrivedAt);
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /**
   * Milliseconds from writing `key` until the output that makes the screen
   * satisfy `pred` arrived: the emulator's own parsing time here is left
   * out, so it weighs on neither side of a comparison.
   */
  async keyToFrame(key: string, pred: (text: string) => boolean, what: string, timeoutMs = 10_000): Promise<number> {
    const shown = this.waitFor(pred, timeoutMs, what);
    const started = performance.now();
    this.proc.write(key);
    return (await shown) - started;
  }

  /** Resolves once no output has arrived for `quietMs`. */
  async quiet(quietMs = 300, timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const before = this.received;
      await new Promise((r) => setTimeout(r, quietMs));
      if (this.received === before || performance.now() > deadline) return;
    }
  }

  /** Bytes the program sends in answer to `key`, counted until it goes quiet. */
  async bytesFor(key: string, quietMs = 300): Promise<number> {
    await this.quiet(quietMs);
    const before = this.received;
    this.proc.write(key);
    await this.quiet(quietMs);
    return this.received - before;
  }

  kill(): void {
    try {
      this.proc.kill();
    } catch {
      // Exited already.
    }
  }
}
