/**
 * The real qtui in a real pty on a simulated host, read back through a
 * terminal emulator: the harness of the panes' end-to-end tests. Each test
 * file gets its own folders and so its own daemon.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import pty from 'node-pty';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildOnce, REPO_ROOT, SIM_BIN } from '../../support/sim-host.js';

export const QTUI = join(REPO_ROOT, 'bin', 'qtui');
export const COLS = 120;
export const ROWS = 36;
export const PREFIX = '\x01';

/** A test file's folders and environment: state, config, runtime, and a home for dom0 shells. */
export class PaneHost {
  readonly dir = mkdtempSync(join(tmpdir(), 'qtui-panes-'));
  readonly env: NodeJS.ProcessEnv = {
    ...process.env,
    QTUI_HOST: 'sim',
    QTUI_STATE_DIR: join(this.dir, 'state'),
    QTUI_CONFIG_DIR: join(this.dir, 'config'),
    QTUI_RUNTIME_DIR: join(this.dir, 'run'),
    // dom0 shells: bash, in the test's folder.
    SHELL: '/bin/bash',
    HOME: this.dir,
  };

  /** Runs the simulated host's xl on this host's state. */
  xl(...args: string[]): Promise<string> {
    return new Promise((r) => execFile(join(SIM_BIN, 'xl'), args, { env: { ...this.env, QTUI_SIM_DIR: join(this.dir, 'state', 'sim') } }, (_e, out) => r(out)));
  }

  /** `qtui ARGS` as a command of the table: its exit code and output. */
  qtui(...args: string[]): Promise<{ code: number; out: string }> {
    return new Promise((r) =>
      execFile(QTUI, args, { env: this.env }, (e, stdout, stderr) => r({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, out: `${stdout}${stderr}` })),
    );
  }

  /** Stops the daemon, destroys every simulated domain, removes the folders. */
  async teardown(): Promise<void> {
    await this.qtui('daemon', 'stop');
    for (const name of (await this.xl('list')).split('\n').slice(2).map((l) => l.split(/\s+/)[0]).filter(Boolean)) await this.xl('destroy', String(name));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class Screen {
  readonly term = new xtermHeadless.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  raw = '';
  readonly proc: pty.IPty;
  readonly exited: Promise<number>;

  constructor(env: NodeJS.ProcessEnv) {
    this.proc = pty.spawn(QTUI, [], { cols: COLS, rows: ROWS, env: { ...env, TERM: 'xterm-256color' } as Record<string, string> });
    this.proc.onData((d) => {
      this.raw += d;
      this.term.write(d);
    });
    this.exited = new Promise((r) => this.proc.onExit((e) => r(e.exitCode)));
  }

  lines(): string[] {
    return Array.from({ length: ROWS }, (_, y) => this.term.buffer.active.getLine(y)?.translateToString(true) ?? '');
  }

  text(): string {
    return this.lines().join('\n');
  }

  /** Where `text` first shows on the screen. */
  find(text: string): { x: number; y: number } | null {
    const lines = this.lines();
    const y = lines.findIndex((l) => l.includes(text));
    return y < 0 ? null : { x: (lines[y] ?? '').indexOf(text), y };
  }

  /** The palette colour a cell is drawn in, or null for the default or an RGB colour. */
  fg(x: number, y: number): number | null {
    const cell = this.term.buffer.active.getLine(y)?.getCell(x);
    return cell?.isFgPalette() ? cell.getFgColor() : null;
  }

  /** The outer terminal's real cursor. */
  cursor(): { x: number; y: number } {
    return { x: this.term.buffer.active.cursorX, y: this.term.buffer.active.cursorY };
  }

  /** Whether the last cursor-visibility sequence the client got shows it. */
  cursorVisible(): boolean {
    return this.raw.lastIndexOf('\x1b[?25h') > this.raw.lastIndexOf('\x1b[?25l');
  }

  async type(keys: string): Promise<void> {
    for (const k of keys) {
      this.proc.write(k);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Sends keys in one write, as a paste or a fast typist over SSH would. */
  send(bytes: string): void {
    this.proc.write(bytes);
  }

  /** Polls until `probe` holds; on timeout the error shows the screen. */
  async until(what: string, probe: () => boolean, timeout = 10_000): Promise<void> {
    try {
      await expect.poll(probe, { timeout }).toBe(true);
    } catch {
      throw new Error(`timed out waiting for ${what}; the screen:\n${this.text()}`);
    }
  }
}

/** `text` shows inside the pane titled `title`: below its title, within its columns. */
export function inPane(s: Screen, title: string, text: string): boolean {
  const t = s.find(title);
  const at = s.find(text);
  return t !== null && at !== null && at.y > t.y && at.x >= t.x - 4;
}

/** A test file's host and its client of the moment. */
export interface PaneSession {
  readonly host: PaneHost;
  /** A new client attached to the daemon (started by the first), which the file's end kills. */
  attach(): Screen;
}

/** Builds dist and makes the file's host before its tests (then `setup` runs), and removes it all after them. */
export function paneSession(setup?: (host: PaneHost) => Promise<void>): PaneSession {
  let host: PaneHost | undefined;
  let screen: Screen | undefined;
  beforeAll(async () => {
    await buildOnce();
    host = new PaneHost();
    await setup?.(host);
  }, 240_000);
  afterAll(async () => {
    screen?.proc.kill();
    await host?.teardown();
  });
  return {
    get host(): PaneHost {
      if (!host) throw new Error('the pane host is made in beforeAll');
      return host;
    },
    attach(): Screen {
      screen = new Screen(this.host.env);
      return screen;
    },
  };
}
