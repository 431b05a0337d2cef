/**
 * The SSH server against ssh2's client: load, limits and refusals that the
 * OpenSSH command line cannot script.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as netConnect, createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatAuthorizedKeyLine } from '../../../services/ssh/authorized-keys.js';
import type { SshLimits } from '../../../services/ssh/ssh-server.js';
import { closed, connect, exec } from '../../fixtures/ssh/ssh2-client.js';
import { makeClientKey, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { startTestServer, type TestServer } from '../../fixtures/ssh/ssh-test-server.js';

let dir: string;
let admin: ClientKey;
let operator: ClientKey;
let stranger: ClientKey;
let fenced: ClientKey;
let keysText: string;
const servers: TestServer[] = [];
const clients: ssh2.Client[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-ssh-ssh2-'));
  admin = makeClientKey(dir, 'admin');
  operator = makeClientKey(dir, 'operator', 'ecdsa', 384);
  stranger = makeClientKey(dir, 'stranger');
  fenced = makeClientKey(dir, 'fenced');
  keysText = [
    formatAuthorizedKeyLine('admin', undefined, admin.publicKey),
    formatAuthorizedKeyLine('operator', undefined, operator.publicKey),
    formatAuthorizedKeyLine('admin', '127.0.0.1', fenced.publicKey),
  ].join('\n');
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.server.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let serial = 0;
async function server(limits: Partial<SshLimits> = {}, extra: Parameters<typeof startTestServer>[3] = {}): Promise<TestServer> {
  const t = await startTestServer(mkdtempSync(join(dir, `srv${serial++}-`)), keysText, limits, extra);
  servers.push(t);
  return t;
}

async function login(t: TestServer, key: ClientKey, config: Parameters<typeof connect>[2] = {}): Promise<ssh2.Client> {
  const c = await connect(t.port, t.hostKey, { keyPath: key.path, ...config });
  clients.push(c);
  return c;
}

describe('sessions', () => {
  it('serves 50 concurrent exec sessions, and counts none left once they end', async () => {
    const t = await server({ maxSessionsPerKey: 64, maxSessionsTotal: 64, maxUnauthenticatedPerAddress: 64 });
    const conns = await Promise.all(Array.from({ length: 50 }, () => login(t, admin)));
    const runs = conns.map((c) => exec(c, 'hold'));
    await vi.waitFor(() => expect(t.holds.waiting).toBe(50), { timeout: 10_000 });
    expect(t.server.stats()).toEqual({ connections: 50, sessions: 50 });
    t.holds.release();
    const results = await Promise.all(runs);
    expect(results.every((r) => r.code === 0 && r.stdout === 'released\n' && r.stderr === '')).toBe(true);
    const more = await Promise.all(conns.map((c, i) => exec(c, `whoami ${i}`)));
    expect(more.map((r) => (JSON.parse(r.stdout) as { words: string[] }).words[0])).toEqual(conns.map((_c, i) => String(i)));
    for (const c of conns) c.end();
    await vi.waitFor(() => expect(t.server.stats()).toEqual({ connections: 0, sessions: 0 }), { timeout: 10_000 });
  });

  it('caps concurrent sessions per key and in total', async () => {
    const t = await server({ maxSessionsPerKey: 2, maxSessionsTotal: 3 });
    const c = await login(t, admin);
    const held = [exec(c, 'hold'), exec(c, 'hold')];
    await vi.waitFor(() => expect(t.holds.waiting).toBe(2));
    await expect(exec(c, 'ls')).rejects.toThrow();
    const other = await login(t, operator);
    const third = exec(other, 'hold');
    await vi.waitFor(() => expect(t.holds.waiting).toBe(3));
    await expect(exec(other, 'ls')).rejects.toThrow();
    expect(t.audit.filter((e) => e.event === 'refused' && e.command === 'session').map((e) => e.message)).toEqual([
      'too many sessions (2 for this key)',
      'too many sessions (3 in total)',
    ]);
    t.holds.release();
    await Promise.all([...held, third]);
    expect(await exec(c, 'ls')).toMatchObject({ code: 0 });
  });

  it('releases the sessions of a client that vanishes mid-command', async () => {
    const t = await server();
    const c = await login(t, admin);
    void exec(c, 'hold').catch(() => undefined);
    void exec(c, 'hold').catch(() => undefined);
    await vi.waitFor(() => expect(t.server.stats()).toEqual({ connections: 1, sessions: 2 }));
    c.destroy();
    await vi.waitFor(() => expect(t.server.stats()).toEqual({ connections: 0, sessions: 0 }));
    t.holds.release();
    expect(t.audit.some((e) => e.event === 'logout' && e.fingerprint === admin.fingerprint)).toBe(true);
  });

  it('closes a connection left idle, but not while its command runs', async () => {
    const t = await server({ idleTimeoutMs: 300 });
    const busy = await login(t, admin);
    const run = exec(busy, 'hold');
    const idle = await login(t, operator);
    await closed(idle);
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'idle-timeout', fingerprint: operator.fingerprint }));
    await vi.waitFor(() => expect(t.holds.waiting).toBe(1));
    await new Promise((r) => setTimeout(r, 600));
    t.holds.release();
    expect(await run).toMatchObject({ code: 0, stdout: 'released\n' });
  });
});

describe('authentication', () => {
  it('refuses passwords and keyboard-interactive', async () => {
    const t = await server();
    await expect(connect(t.port, t.hostKey, { password: 'hunter2', tryKeyboard: true })).rejects.toThrow(/All configured authentication methods failed/);
    const methods = t.audit.filter((e) => e.event === 'auth-failed').map((e) => e.message);
    expect(methods).toContain('password: only public-key authentication is accepted');
    expect(methods).toContain('keyboard-interactive: only public-key authentication is accepted');
  });

  it('drops a client after too many failed attempts on one connection', async () => {
    const t = await server({ maxAuthAttempts: 3 });
    const tries = Array.from({ length: 6 }, () => 'password' as const);
    const err = await connect(t.port, t.hostKey, { authHandler: tries.map((type) => ({ type, username: 'admin', password: 'x' })) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(t.audit.filter((e) => e.event === 'auth-failed')).toHaveLength(3);
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'too-many-attempts' }));
  });

  it('rate-limits 200 failed logins from one address while another address still logs in', async () => {
    const t = await server({ failedAuthsPerAddress: { burst: 10, perMinute: 1 } });
    const outcomes: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const attempts = Array.from({ length: 10 }, () =>
        connect(t.port, t.hostKey, { keyPath: stranger.path }).then(
          () => 'logged in',
          (e: Error) => e.message,
        ),
      );
      outcomes.push(...(await Promise.all(attempts)));
    }
    expect(outcomes).toHaveLength(200);
    expect(outcomes).not.toContain('logged in');
    const failed = t.audit.filter((e) => e.event === 'auth-failed').length;
    const limited = t.audit.filter((e) => e.event === 'rate-limited');
    // Only the burst (plus attempts already in flight when it ran out) got as far as authenticating.
    expect(failed).toBeGreaterThanOrEqual(10);
    expect(failed).toBeLessThan(30);
    const refusedAtConnect = outcomes.filter((o) => !/authentication methods failed/.test(o)).length;
    expect(refusedAtConnect).toBeGreaterThan(170);
    // One audit entry as the refusals start; the rest are counted for the next report, not logged one by one.
    expect(limited.map((e) => e.count)).toEqual([1]);

    const elsewhere = await login(t, admin, { localAddress: '127.0.0.2' });
    expect(await exec(elsewhere, 'ls')).toMatchObject({ code: 0 });
    await expect(connect(t.port, t.hostKey, { keyPath: admin.path })).rejects.toThrow();
  });

  it('reports every refusal of a rate-limited address in the counts of later audit entries', async () => {
    const t = await server({ failedAuthsPerAddress: { burst: 1, perMinute: 1 }, rateLimitReportMs: 100 });
    await expect(connect(t.port, t.hostKey, { keyPath: stranger.path })).rejects.toThrow(/authentication methods failed/);
    for (let i = 0; i < 5; i++) await expect(connect(t.port, t.hostKey, { keyPath: admin.path })).rejects.toThrow();
    const counted = (): number => t.audit.filter((e) => e.event === 'rate-limited').reduce((n, e) => n + (e.count ?? 0), 0);
    await vi.waitFor(() => expect(counted()).toBe(6));
    expect(t.audit.filter((e) => e.event === 'rate-limited').every((e) => e.origin === '127.0.0.1')).toBe(true);
  });

  it('caps connections still logging in per address, without locking out other addresses', async () => {
    const t = await server({ maxUnauthenticatedPerAddress: 2 });
    const silent = [netConnect(t.port, '127.0.0.1'), netConnect(t.port, '127.0.0.1')];
    await vi.waitFor(() => expect(t.server.stats().connections).toBe(2));
    await expect(connect(t.port, t.hostKey, { keyPath: admin.path })).rejects.toThrow();
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'too-many-startups', message: expect.stringMatching(/2 from this address/) }));
    const other = await login(t, admin, { localAddress: '127.0.0.2' });
    expect(await exec(other, 'ls')).toMatchObject({ code: 0 });
    for (const s of silent) s.destroy();
    await vi.waitFor(() => expect(t.server.stats().connections).toBe(1));
    expect(await exec(await login(t, admin), 'ls')).toMatchObject({ code: 0 });
  });

  it('drops a client that connects and says nothing, at the login timeout', async () => {
    const t = await server({ loginGraceMs: 300 });
    const socket = netConnect(t.port, '127.0.0.1');
    let greeting = '';
    socket.on('data', (d: Buffer) => (greeting += d.toString()));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(greeting).toMatch(/^SSH-2\.0-qtui\r\n/);
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'login-timeout' }));
    await vi.waitFor(() => expect(t.server.stats().connections).toBe(0));
  });

  it('drops a client that completes the key exchange but never authenticates', async () => {
    const t = await server({ loginGraceMs: 300 });
    await expect(connect(t.port, t.hostKey, { authHandler: () => undefined as never })).rejects.toThrow();
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'login-timeout' }));
  });
});

describe('refused requests', () => {
  it('refuses port forwarding both ways, subsystems, sftp and X11', async () => {
    const t = await server();
    const c = await login(t, admin);
    await expect(new Promise((res, rej) => c.forwardOut('127.0.0.1', 5000, '127.0.0.1', t.port, (e, s) => (e ? rej(e) : res(s))))).rejects.toThrow();
    await expect(new Promise((res, rej) => c.forwardIn('127.0.0.1', 0, (e, p) => (e ? rej(e) : res(p))))).rejects.toThrow();
    await expect(new Promise((res, rej) => c.sftp((e, s) => (e ? rej(e) : res(s))))).rejects.toThrow();
    await expect(new Promise((res, rej) => c.subsys('netconf', (e, s) => (e ? rej(e) : res(s))))).rejects.toThrow();
    await expect(new Promise((res, rej) => c.exec('ls', { x11: true }, (e, s) => (e ? rej(e) : res(s))))).rejects.toThrow();
    const refused = t.audit.filter((e) => e.event === 'refused').map((e) => e.command);
    expect(refused).toEqual(expect.arrayContaining([`direct-tcpip 127.0.0.1:${t.port}`, 'tcpip-forward', 'subsystem sftp', 'subsystem netconf', 'x11-req']));
    // The connection itself is still good for commands.
    expect(await exec(c, 'ls')).toMatchObject({ code: 0 });
  });
});

describe('other ways in', () => {
  it('serves a unix socket listener and injected sockets, where from= keys are refused', async () => {
    const path = join(dir, 'ssh.sock');
    const t = await server({}, { listen: [{ path }] });
    expect(t.server.addresses()).toEqual([path]);
    const viaPath = await connect(0, t.hostKey, { keyPath: admin.path, sock: netConnect(path) });
    clients.push(viaPath);
    const r = await exec(viaPath, 'whoami');
    expect((JSON.parse(r.stdout) as { caller: { origin: string } }).caller.origin).toBe(`ssh unix socket ${path}`);

    const relayPath = join(dir, 'relay.sock');
    const relay: NetServer = createServer((s) => t.server.injectSocket(s, 'xen channel sys-mgmt'));
    await new Promise<void>((resolve) => relay.listen(relayPath, resolve));
    try {
      const viaChannel = await connect(0, t.hostKey, { keyPath: operator.path, sock: netConnect(relayPath) });
      clients.push(viaChannel);
      const who = JSON.parse((await exec(viaChannel, 'whoami')).stdout) as { caller: { origin: string; role: string } };
      expect(who.caller).toMatchObject({ origin: 'ssh xen channel sys-mgmt', role: 'operator' });
      await expect(connect(0, t.hostKey, { keyPath: fenced.path, sock: netConnect(relayPath) })).rejects.toThrow(/authentication methods failed/);
    } finally {
      for (const c of clients.splice(0)) c.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});
