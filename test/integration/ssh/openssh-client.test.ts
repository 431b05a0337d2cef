/**
 * The SSH server against Debian's real OpenSSH client: what an administrator
 * actually types.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAuthorizedKeyLine } from '../../../services/ssh/authorized-keys.js';
import { makeClientKey, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { runSsh, startTestServer, type TestServer } from '../../fixtures/ssh/ssh-test-server.js';

let dir: string;
let t: TestServer;
let admin: ClientKey;
let viewer: ClientKey;
let stranger: ClientKey;
let badRole: ClientKey;
let localOnly: ClientKey;
let elsewhere: ClientKey;
let rsa: ClientKey;
let authorizedText: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-ssh-openssh-'));
  admin = makeClientKey(dir, 'admin');
  viewer = makeClientKey(dir, 'viewer', 'ecdsa', 256);
  stranger = makeClientKey(dir, 'stranger');
  badRole = makeClientKey(dir, 'badrole');
  localOnly = makeClientKey(dir, 'localonly');
  elsewhere = makeClientKey(dir, 'elsewhere');
  rsa = makeClientKey(dir, 'rsa', 'rsa', 3072);
  const keys = [
    formatAuthorizedKeyLine('admin', undefined, admin.publicKey),
    formatAuthorizedKeyLine('viewer', undefined, viewer.publicKey),
    `role="superuser" ${badRole.publicKey}`,
    formatAuthorizedKeyLine('operator', '127.0.0.0/8,!10.0.0.1', localOnly.publicKey),
    formatAuthorizedKeyLine('admin', '10.0.0.0/8,!127.0.0.1', elsewhere.publicKey),
    formatAuthorizedKeyLine('operator', undefined, rsa.publicKey),
  ];
  authorizedText = `${keys.join('\n')}\n`;
  t = await startTestServer(dir, authorizedText);
});
afterAll(async () => {
  await t.server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ssh = (key: ClientKey | null, remote: string[], options: string[] = []) => runSsh(t.port, t.knownHosts, key?.path ?? null, remote, options);

describe('exec over OpenSSH', () => {
  it('runs a command and returns its text, with exit status 0', async () => {
    expect(await ssh(admin, ['ls'])).toEqual({ code: 0, stdout: 'NAME STATE\nwork running\n', stderr: '' });
  });

  it('prints the data as JSON when the command gives no text', async () => {
    const r = await ssh(admin, ['ls', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ name: 'work', state: 'running' }]);
  });

  it('puts failures on stderr with the command\'s exit status', async () => {
    expect(await ssh(admin, ['fail'])).toEqual({ code: 3, stdout: '', stderr: 'it went wrong\n' });
    const unknown = await ssh(admin, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const unbalanced = await ssh(admin, ['whoami', '"oops']);
    expect(unbalanced.code).toBe(2);
    expect(unbalanced.stderr).toMatch(/unterminated double quote/);
  });

  it('splits the command line with quoting and tells the command who called', async () => {
    const r = await ssh(rsa, ['whoami', "'two words'", 'x\\ y', '"$HOME"']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { caller: { role: string; identity: string; origin: string }; words: string[] };
    expect(out.words).toEqual(['two words', 'x y', '$HOME']);
    expect(out.caller.role).toBe('operator');
    expect(out.caller.identity).toBe(`${rsa.fingerprint} rsa@test`);
    expect(out.caller.origin).toMatch(/^ssh 127\.0\.0\.1:\d+$/);
  });

  it('lets a viewer read but not change anything', async () => {
    expect((await ssh(viewer, ['ls'])).code).toBe(0);
    const r = await ssh(viewer, ['start', 'work']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('start: needs the operator role; this session has viewer\n');
    expect(await ssh(admin, ['start', 'work'])).toEqual({ code: 0, stdout: 'started work\n', stderr: '' });
  });

  it('writes \\r\\n line endings when the client asked for a pty', async () => {
    const r = await ssh(admin, ['ls'], ['-tt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('NAME STATE\r\nwork running\r\n');
  });

  it('answers a shell request with a clear message and status 1 while there is no console', async () => {
    const r = await ssh(admin, [], ['-tt']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/full-screen console is not available over SSH yet/);
  });

  it('audits every command with the key, its comment and the address', async () => {
    await ssh(viewer, ['start', 'vault']);
    const entry = t.audit.find((e) => e.event === 'exec' && e.command === 'start vault');
    expect(entry).toMatchObject({ fingerprint: viewer.fingerprint, comment: 'viewer@test', role: 'viewer', result: 'denied', exitCode: 1 });
    expect(entry?.origin).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

describe('authentication with OpenSSH', () => {
  it('refuses a key that is not authorized, and a client with no key', async () => {
    for (const key of [stranger, null]) {
      const r = await ssh(key, ['ls']);
      expect(r.code).toBe(255);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
    }
    expect(t.audit.some((e) => e.event === 'auth-failed' && e.fingerprint === stranger.fingerprint)).toBe(true);
  });

  it('refuses the key of a line with an unknown role and reports that line', async () => {
    const r = await ssh(badRole, ['ls']);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'authorized-keys', message: expect.stringMatching(/^line 3: unknown role "superuser"/) }));
  });

  it('holds from= restrictions', async () => {
    expect((await ssh(localOnly, ['ls'])).code).toBe(0);
    const r = await ssh(elsewhere, ['ls']);
    expect(r.code).toBe(255);
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'auth-failed', fingerprint: elsewhere.fingerprint, message: expect.stringMatching(/not allowed from 127\.0\.0\.1/) }));
  });

  it('picks up a changed authorized-keys file at the next login', async () => {
    writeFileSync(t.authorizedKeysPath, `${formatAuthorizedKeyLine('viewer', undefined, stranger.publicKey)}\n`);
    try {
      expect((await ssh(stranger, ['ls'])).code).toBe(0);
      expect((await ssh(admin, ['ls'])).code).toBe(255);
    } finally {
      writeFileSync(t.authorizedKeysPath, authorizedText);
    }
    expect((await ssh(admin, ['ls'])).code).toBe(0);
  });

  it('refuses an RSA key signed with SHA-1 (ssh-rsa), and takes it with rsa-sha2', async () => {
    const sha1 = await ssh(rsa, ['ls'], ['-o', 'PubkeyAcceptedAlgorithms=ssh-rsa']);
    expect(sha1.code).toBe(255);
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'auth-failed', fingerprint: rsa.fingerprint, message: expect.stringMatching(/SHA-1/) }));
    expect((await ssh(rsa, ['ls'], ['-o', 'PubkeyAcceptedAlgorithms=rsa-sha2-256'])).code).toBe(0);
  });

  it('negotiates modern algorithms with strict key exchange', async () => {
    const r = await ssh(admin, ['ls'], ['-vvv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/will use strict KEX ordering/);
    expect(r.stderr).toMatch(/kex: algorithm: (curve25519-sha256|sntrup|mlkem)/);
    expect(r.stderr).toMatch(/kex: host key algorithm: ssh-ed25519/);
    expect(r.stderr).toMatch(/kex: server->client cipher: (chacha20-poly1305@openssh.com|aes256-gcm@openssh.com)/);
  });
});

describe('host key', () => {
  it('stays the same across restarts, so a pinned client still connects', async () => {
    const hostDir = mkdtempSync(join(tmpdir(), 'qtui-ssh-hostkey-'));
    const otherDir = mkdtempSync(join(tmpdir(), 'qtui-ssh-otherhost-'));
    const keys = `${formatAuthorizedKeyLine('admin', undefined, admin.publicKey)}\n`;
    try {
      const first = await startTestServer(hostDir, keys);
      const pinned = join(dir, 'pinned_known_hosts');
      copyFileSync(first.knownHosts, pinned);
      expect((await runSsh(first.port, pinned, admin.path, ['ls'])).code).toBe(0);
      await first.server.close();

      const second = await startTestServer(hostDir, keys);
      expect(second.hostKey.fingerprint).toBe(first.hostKey.fingerprint);
      const again = await runSsh(second.port, pinned, admin.path, ['ls']);
      await second.server.close();
      expect(again).toEqual({ code: 0, stdout: 'NAME STATE\nwork running\n', stderr: '' });

      // The control: a host with another key is refused by the same pinned client.
      const other = await startTestServer(otherDir, keys);
      const refused = await runSsh(other.port, pinned, admin.path, ['ls']);
      await other.server.close();
      expect(refused.code).toBe(255);
      expect(refused.stderr).toMatch(/Host key verification failed/);
    } finally {
      rmSync(hostDir, { recursive: true, force: true });
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
