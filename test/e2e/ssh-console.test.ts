import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import pty from 'node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSessions } from '../../services/sessions/console-session.js';
import { DaemonFixture } from '../support/daemon-fixture.js';
import { buildOnce } from '../support/sim-host.js';
import { freePort } from '../fixtures/free-port.js';

let f: DaemonFixture;
let port = 0;
let sshArgs: (key: string) => string[];


function keygen(name: string): string {
  const path = join(f.dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
  return path;
}

function ssh(key: string, ...command: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('ssh', [...sshArgs(key), ...command], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

let adminKey: string;
let viewerKey: string;

beforeAll(async () => {
  await buildOnce();
  f = await DaemonFixture.start();
  port = await freePort();
  await f.run(['ssh', 'enable', '--listen', `127.0.0.1:${port}`]);
  adminKey = keygen('admin-key');
  viewerKey = keygen('viewer-key');
  await f.run(['ssh', 'authorize', '--role', 'admin', `${adminKey}.pub`]);
  await f.run(['ssh', 'authorize', '--role', 'viewer', `${viewerKey}.pub`]);
  const { publicKey } = (await f.run(['ssh', 'fingerprint'])).data as { publicKey: string };
  const hostPub = publicKey.trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = join(f.dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPub}\n`);
  sshArgs = (key) => ['-p', String(port), '-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'LogLevel=ERROR', 'admin@127.0.0.1'];
}, 180_000);

afterAll(() => f.teardown());

describe('the daemon over SSH', () => {
  it('runs one command of the table with its output and exit code', async () => {
    const ls = await ssh(adminKey, 'ls', '--format', 'json');
    expect(ls.code).toBe(0);
    expect((JSON.parse(ls.stdout) as { NAME: string }[]).map((q) => q.NAME)).toContain('work');
    const bad = await ssh(adminKey, 'shutdown', 'sys-net');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('sys-net is the netvm of running qubes');
  });

  it('holds a viewer to reading', async () => {
    expect((await ssh(viewerKey, 'ls')).code).toBe(0);
    const r = await ssh(viewerKey, 'start', 'work');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('needs the operator role');
    expect((await f.running()).includes('work')).toBe(false);
  });

  it.each([[[]], [['attach']]])('gives an interactive login %j the full console, and leaves nothing behind when it ends', async (command: string[]) => {
    const term = new xtermHeadless.Terminal({ cols: 120, rows: 36, allowProposedApi: true });
    const p = pty.spawn('ssh', ['-tt', ...sshArgs(adminKey), ...command], { cols: 120, rows: 36, env: { ...process.env, TERM: 'xterm-256color' } });
    p.onData((d) => term.write(d));
    const screen = (): string => Array.from({ length: 36 }, (_, y) => term.buffer.active.getLine(y)?.translateToString(true) ?? '').join('\n');
    try {
      await expect.poll(screen, { timeout: 20_000 }).toContain('sys-firewall');
      expect(screen()).toContain('vault');
      expect(liveSessions.sessions).toBe(1);
      p.write('d');
      await expect.poll(() => liveSessions.sessions, { timeout: 10_000 }).toBe(0);
    } finally {
      p.kill();
    }
  });

  it('leaves no console behind when the client is killed mid-session', async () => {
    const p = pty.spawn('ssh', ['-tt', ...sshArgs(adminKey)], { cols: 100, rows: 30, env: { ...process.env, TERM: 'xterm-256color' } });
    let seen = '';
    p.onData((d) => (seen += d));
    await expect.poll(() => seen, { timeout: 20_000 }).toContain('sys-firewall');
    expect(liveSessions.sessions).toBe(1);
    process.kill(p.pid, 'SIGKILL');
    await expect.poll(() => liveSessions.sessions, { timeout: 10_000 }).toBe(0);
  });

  it('shows an SSH exec command, with the key that ran it and its address, in the events view', async () => {
    const version = await ssh(viewerKey, 'version');
    expect(version.code, version.stderr).toBe(0);
    const term = new xtermHeadless.Terminal({ cols: 160, rows: 36, allowProposedApi: true });
    const p = pty.spawn('ssh', ['-tt', ...sshArgs(adminKey)], { cols: 160, rows: 36, env: { ...process.env, TERM: 'xterm-256color' } });
    p.onData((d) => term.write(d));
    const screen = (): string => Array.from({ length: 36 }, (_, y) => term.buffer.active.getLine(y)?.translateToString(true) ?? '').join('\n');
    try {
      await expect.poll(screen, { timeout: 20_000 }).toContain('sys-firewall');
      p.write('E');
      // The command as the table ran it, with the key and the address: its one record (no second one of the SSH layer).
      await expect.poll(screen, { timeout: 10_000 }).toMatch(/viewer-key SHA256:\S+\s+viewer\s+ssh 127\.0\.0\.1:\d+\s+version\s+ok/);
      expect(screen()).not.toMatch(/ssh exec version/);
      // This console's own login is there too.
      expect(screen()).toMatch(/admin-key SHA256:\S+\s+admin\s+ssh 127\.0\.0\.1:\d+\s+ssh (login|shell)/);
      p.write('\x1b');
      await expect.poll(screen, { timeout: 5000 }).not.toContain('the audit log');
      p.write('d');
      await expect.poll(() => liveSessions.sessions, { timeout: 10_000 }).toBe(0);
    } finally {
      p.kill();
    }
  });
});
