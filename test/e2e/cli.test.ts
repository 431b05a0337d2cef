import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, REPO_ROOT, SIM_BIN } from '../support/sim-host.js';

const QTUI = join(REPO_ROOT, 'bin', 'qtui');
let dir: string;
let env: NodeJS.ProcessEnv;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function qtui(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(QTUI, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'qtui-cli-'));
  env = { ...process.env, QTUI_HOST: 'sim', QTUI_STATE_DIR: join(dir, 'state'), QTUI_CONFIG_DIR: join(dir, 'config'), QTUI_RUNTIME_DIR: join(dir, 'run') };
}, 180_000);

afterAll(async () => {
  await qtui('daemon', 'stop');
  // Domains outlive the daemon, as Xen's do: destroy what the test left running.
  const simEnv = { ...env, QTUI_SIM_DIR: join(dir, 'state', 'sim') };
  const list = await new Promise<string>((r) => execFile(join(SIM_BIN, 'xl'), ['list'], { env: simEnv }, (_e, out) => r(out)));
  for (const name of list.split('\n').slice(2).map((l) => l.split(/\s+/)[0]).filter(Boolean)) {
    await new Promise((r) => execFile(join(SIM_BIN, 'xl'), ['destroy', String(name)], { env: simEnv }, r));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the qtui command line', () => {
  it('starts the daemon on first use and lists the seeded qubes as JSON', async () => {
    const r = await qtui('ls', '--format', 'json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { NAME: string; CLASS: string; LABEL: string }[];
    expect(rows.map((q) => q.NAME)).toEqual(expect.arrayContaining(['dom0', 'sys-net', 'sys-firewall', 'sys-usb', 'sys-gui', 'fedora-41', 'work', 'vault', 'default-dvm', 'anon-whonix']));
    expect(rows.find((q) => q.NAME === 'work')).toMatchObject({ CLASS: 'AppVM', LABEL: 'blue' });
    const sock = join(dir, 'run', 'qtui.sock');
    expect(statSync(sock).mode & 0o777).toBe(0o600);
  });

  it('prints qvm-ls formats and raw data for scripts', async () => {
    const net = await qtui('ls', '--format', 'network', 'work', 'vault');
    expect(net.stdout.split('\n')[0]).toMatch(/^NAME\s+STATE\s+NETVM\s+IP\s+GATEWAY$/);
    const raw = await qtui('ls', '--raw-data', '--format', 'simple', 'work');
    expect(raw.stdout).toBe('work|Halted|AppVM|blue|fedora-41|sys-firewall\n');
    const tree = await qtui('ls', '--tree');
    expect(tree.stdout).toContain('└─sys-firewall');
  });

  it('runs lifecycle commands and reports refusals on stderr with a non-zero exit', async () => {
    expect((await qtui('start', 'work')).code).toBe(0);
    const running = await qtui('ls', '--running', '--raw-data');
    expect(running.stdout).toContain('work|Running');
    const refused = await qtui('shutdown', 'sys-net');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('sys-net is the netvm of running qubes');
    expect(refused.stdout).toBe('');
  });

  it('gives usage errors exit code 2, and --help for every command', async () => {
    const unknown = await qtui('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const bad = await qtui('start', 'no such qube');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a valid qube name');
    const help = await qtui('help');
    for (const cmd of ['ls', 'start', 'shutdown', 'prefs', 'policy-eval', 'create-dispvm']) {
      expect(help.stdout).toContain(cmd);
      const one = await qtui(cmd, '--help');
      expect(one.code).toBe(0);
      expect(one.stdout).toContain(`usage: qtui ${cmd}`);
    }
  });

  it('answers policy questions in text and stable JSON', async () => {
    const r = await qtui('policy', 'eval', '--format', 'json', 'qubes.ClipboardPaste', 'work', 'vault');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as { action: string; target: unknown; file: string; line: number };
    expect(Object.keys(d)).toEqual(['action', 'target', 'file', 'line']);
    expect(d.action).toBe('deny');
    expect(d.file).toMatch(/\.policy$/);
  });

  it('stops the daemon, leaving domains running, and restarts it on the next command', async () => {
    const stop = await qtui('daemon', 'stop');
    expect(stop.code).toBe(0);
    expect(existsSync(join(dir, 'run', 'qtui.sock'))).toBe(false);
    expect((await qtui('daemon', 'stop')).stderr).toContain('no daemon running');
    const r = await qtui('ls', '--running', '--raw-data', 'work');
    expect(r.stdout).toContain('work|Running');
  });
});
