/**
 * tmux as the anchor: a private server (its own -L socket name, no config
 * file) with one 200x50 session running `cat`, and clients attached in real
 * ptys, the way a user's terminal would attach; windows of shell panes for
 * the memory stage.
 */
import { execFileSync } from 'node:child_process';
import { PtyScreen } from './pty-screen.js';

export class TmuxAnchor {
  private readonly socket = `qtui-bench-${process.pid}-${Date.now()}`;
  private readonly clients: PtyScreen[] = [];

  constructor(readonly cols = 200, readonly rows = 50) {
    this.tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(cols), '-y', String(rows), 'cat');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  version(): string {
    return execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  }

  serverPid(): number {
    return Number(this.tmux('display-message', '-p', '#{pid}').trim());
  }

  /** A client attached in a pty of the session's size; resolves once it shows the session. */
  async attach(session = '0'): Promise<PtyScreen> {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
    delete env.TMUX;
    const c = new PtyScreen('tmux', ['-L', this.socket, 'attach', '-t', session], env, this.cols, this.rows);
    this.clients.push(c);
    await c.waitFor((t) => t.includes(`[${session}]`), 10_000, 'the tmux status line');
    await c.quiet(200);
    return c;
  }

  /** A second session whose pane runs a shell, and a client attached to it. */
  async attachShell(): Promise<PtyScreen> {
    this.tmux('new-session', '-d', '-s', 'shell', '-x', String(this.cols), '-y', String(this.rows), '/bin/bash', '--norc', '--noprofile');
    return this.attach('shell');
  }

  /**
   * A window of `count` shell panes, tiled, added to the first session (its
   * clients switch to it), with `line` typed into each. Returns what closes
   * the window again.
   */
  shellPanes(count: number, line: string): () => void {
    const shell = ['/bin/bash', '--norc', '--noprofile'];
    // `0:` is session 0 at its next free window index.
    const window = this.tmux('new-window', '-t', '0:', '-P', '-F', '#{window_id}', ...shell).trim();
    for (let i = 1; i < count; i++) {
      this.tmux('split-window', '-t', window, ...shell);
      // Tiled after each split, so the next one finds room.
      this.tmux('select-layout', '-t', window, 'tiled');
    }
    for (const pane of this.tmux('list-panes', '-t', window, '-F', '#{pane_id}').trim().split('\n')) this.tmux('send-keys', '-t', pane, line, 'Enter');
    return () => this.tmux('kill-window', '-t', window);
  }

  close(): void {
    for (const c of this.clients) c.kill();
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}
