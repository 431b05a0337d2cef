import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, REPO_ROOT, SIM_BIN } from '../support/sim-host.js';

const QTUI = join(REPO_ROOT, 'bin', 'qtui');
let dir: string;
let env: NodeJS.ProcessEnv;

/** The real qtui in a real pty, read back through a terminal emulator. */
class Screen {
  readonly term = new xtermHeadless.Terminal({ cols: 120, rows: 36, allowProposedApi: true });
  raw = '';
  readonly proc: pty.IPty;
  readonly exited: Promise<number>;

  constructor() {
    this.proc = pty.spawn(QTUI, [], { cols: 120, rows: 36, env: { ...env, TERM: 'xterm-256color' } as Record<string, string> });
    this.proc.onData((d) => {
      this.raw += d;
      this.term.write(d);
    });
    this.exited = new Promise((r) => this.proc.onExit((e) => r(e.exitCode)));
  }

  text(): string {
    return Array.from({ length: 36 }, (_, y) => this.term.buffer.active.getLine(y)?.translateToString(true) ?? '').join('\n');
  }

  row(name: string): string {
    return this.text().split('\n').find((l) => l.split(/\s+/).includes(name)) ?? '';
  }

  async type(keys: string): Promise<void> {
    for (const k of keys) {
      this.proc.write(k);
      await new Promise((r) => setTimeout(r, 40));
    }
  }
}

function xl(...args: string[]): Promise<string> {
  return new Promise((r) => execFile(join(SIM_BIN, 'xl'), args, { env: { ...env, QTUI_SIM_DIR: join(dir, 'state', 'sim') } }, (_e, out) => r(out)));
}

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'qtui-console-'));
  env = { ...process.env, QTUI_HOST: 'sim', QTUI_STATE_DIR: join(dir, 'state'), QTUI_CONFIG_DIR: join(dir, 'config'), QTUI_RUNTIME_DIR: join(dir, 'run') };
}, 180_000);

afterAll(async () => {
  await new Promise((r) => execFile(QTUI, ['daemon', 'stop'], { env }, r));
  for (const name of (await xl('list')).split('\n').slice(2).map((l) => l.split(/\s+/)[0]).filter(Boolean)) await xl('destroy', String(name));
  rmSync(dir, { recursive: true, force: true });
});

describe('the console in a real terminal', () => {
  it('lists the qubes, starts one, asks before killing, detaches and comes back as it was', { timeout: 150_000 }, async () => {
    const s = new Screen();
    await expect.poll(() => s.text(), { timeout: 30_000 }).toContain('sys-firewall');
    for (const q of ['dom0', 'work', 'vault', 'fedora-41', 'anon-whonix']) expect(s.text()).toContain(q);
    // The status line may come a frame after the table's rows.
    await expect.poll(() => s.text(), { timeout: 5000 }).toMatch(/admin/);
    expect(s.raw).toContain('\x1b[?1049h');

    // The filter leaves work and whonix-workstation-17; work sorts last.
    await s.type('/work');
    await expect.poll(() => s.row('personal'), { timeout: 5000 }).toBe('');
    await s.type('\r');
    await expect.poll(() => s.text(), { timeout: 5000 }).toContain('? help');
    await s.type('G');
    await expect.poll(() => s.row('work'), { timeout: 5000 }).toMatch(/^▶/);
    await s.type('r');
    await expect.poll(() => s.row('work'), { timeout: 30_000 }).toContain('Running');

    await s.type('K');
    await expect.poll(() => s.text(), { timeout: 5000 }).toMatch(/[Kk]ill work/);
    await s.type('n');
    await new Promise((r) => setTimeout(r, 500));
    expect(s.row('work')).toContain('Running');
    expect(await xl('list')).toContain('work');

    await s.type('d');
    expect(await s.exited).toBe(0);
    expect(s.raw).toContain('\x1b[?1049l');
    expect(s.raw).toContain('[detached]');

    const again = new Screen();
    await expect.poll(() => again.row('work'), { timeout: 30_000 }).toContain('Running');
    await again.type('d');
    expect(await again.exited).toBe(0);
  });

  it('shows a command just run in the events view with who ran it and the result; the host and policy views read the daemon; Esc goes back', { timeout: 120_000 }, async () => {
    const s = new Screen();
    await expect.poll(() => s.text(), { timeout: 30_000 }).toContain('sys-firewall');
    await s.type(':start personal\r');
    await expect.poll(() => s.row('personal'), { timeout: 30_000 }).toContain('Running');
    await s.type('E');
    await expect.poll(() => s.text(), { timeout: 10_000 }).toMatch(/local uid \d+\s+admin\s+unix socket\s+start personal\s+ok/);
    expect(s.text()).toContain('the audit log');
    await s.type('\x1b');
    await expect.poll(() => s.text(), { timeout: 5000 }).toContain('/ filter  Enter pane');
    expect(s.text()).not.toContain('the audit log');

    // The host view reads xl info of the (simulated) Xen 4.17 and charts the running qubes' memory.
    await s.type('H');
    await expect.poll(() => s.text(), { timeout: 10_000 }).toMatch(/Xen 4\.17/);
    expect(s.text()).toMatch(/^ personal\s+\d+\s+█+/m);
    await s.type('q');
    // The policy view lists the policy folder's files; the tester decides with the deciding line.
    await s.type('P');
    await expect.poll(() => s.text(), { timeout: 10_000 }).toContain('90-default.policy');
    await s.type('t\r');
    await expect.poll(() => s.text(), { timeout: 10_000 }).toMatch(/decided by \S+\.policy:\d+/);
    await s.type('\x1b\x1b');
    await expect.poll(() => s.text(), { timeout: 5000 }).toContain('/ filter  Enter pane');
    await s.type('d');
    expect(await s.exited).toBe(0);
  });

  it('says the terminal is too small rather than drawing a broken layout', { timeout: 90_000 }, async () => {
    const s = new Screen();
    await expect.poll(() => s.text(), { timeout: 30_000 }).toContain('sys-firewall');
    s.proc.resize(60, 20);
    s.term.resize(60, 20);
    await expect.poll(() => s.text(), { timeout: 10_000 }).toMatch(/too small/);
    s.proc.resize(120, 36);
    s.term.resize(120, 36);
    await expect.poll(() => s.text(), { timeout: 10_000 }).toContain('sys-firewall');
    await s.type('d');
    expect(await s.exited).toBe(0);
  });
});
