/**
 * tmux as the anchor: a private server (its own -L socket name, no config
 * file) with one 200x50 session running `cat`, and clients attached in real
 * ptys, the way a user's terminal would attach.
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

  close(): void {
    for (const c of this.clients) c.kill();
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}
