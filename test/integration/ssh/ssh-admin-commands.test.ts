/**
 * The ssh-* command-table entries driving a real SshService, checked with
 * the real OpenSSH client: enable, authorize, log in, revoke, disable.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandTable } from '../../../services/commands/command-table.js';
import { CommandError, type Caller } from '../../../services/commands/command-spec.js';
import { SSH_ADMIN_COMMANDS, type SshAdminContext } from '../../../services/ssh/ssh-admin-commands.js';
import { sshFiles } from '../../../services/ssh/ssh-files.js';
import { SshService } from '../../../services/ssh/ssh-service.js';
import { DEFAULT_SSH_SETTINGS, parseListenAddress, type SshSettings } from '../../../services/ssh/ssh-settings.js';
import { makeClientKey, sshKeygenFingerprint, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { runSsh } from '../../fixtures/ssh/ssh-test-server.js';

const local: Caller = { role: 'admin', identity: 'local uid 0', origin: 'unix socket' };
let dir: string;
let ctx: SshAdminContext;
let service: SshService;
let table: CommandTable<SshAdminContext>;
let settings: SshSettings = DEFAULT_SSH_SETTINGS;
let alice: ClientKey;
let bob: ClientKey;
let knownHosts: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function fails(argv: string[], caller: Caller = local): Promise<CommandError> {
  const e: unknown = await table.run(ctx, argv, caller).then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(CommandError);
  return e as CommandError;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-ssh-admin-'));
  alice = makeClientKey(dir, 'alice');
  bob = makeClientKey(dir, 'bob', 'ecdsa', 256);
  table = new CommandTable(SSH_ADMIN_COMMANDS);
  service = new SshService({
    paths: { configDir: join(dir, 'config') },
    settings: () => settings,
    runCommand: (argv, caller) => table.run(ctx, argv, caller),
  });
  ctx = {
    paths: { configDir: join(dir, 'config') },
    sshConfig: {
      get: () => settings,
      set: (s) => {
        settings = s;
        return Promise.resolve();
      },
    },
    sshServer: service,
  };
});
afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ssh admin commands', () => {
  it('ssh-fingerprint shows the host key fingerprint that ssh-keygen computes', async () => {
    const r = await table.run(ctx, ['ssh-fingerprint'], { ...local, role: 'viewer' });
    const pub = `${sshFiles(ctx.paths).hostKey}.pub`;
    expect(r.text).toBe(`${sshKeygenFingerprint(pub)} (ED25519)\n`);
    knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `qtui-test ${(r.data as { publicKey: string }).publicKey}\n`);
  });

  it('ssh-authorize adds keys with a role, refusing bad requests with usage errors', async () => {
    expect((await fails(['ssh-authorize', `${alice.path}.pub`])).message).toMatch(/--role viewer\|operator\|admin is required/);
    expect((await fails(['ssh-authorize', '--role', 'admin', 'alice.pub'])).exitCode).toBe(2);
    expect((await fails(['ssh-authorize', '--role', 'admin', '--from', '10.0.0.0/99', `${alice.path}.pub`])).message).toMatch(/prefix length/);
    expect((await fails(['ssh-authorize', '--role', 'admin', `${alice.path}.pub`], { ...local, role: 'operator' })).code).toBe('denied');

    const r = await table.run(ctx, ['ssh-authorize', '--role', 'admin', `${alice.path}.pub`], local);
    expect(r.text).toBe(`authorized ${alice.fingerprint} alice@test as admin\n`);
    await table.run(ctx, ['ssh-authorize', '--role=viewer', '--from', '127.0.0.1', `${bob.path}.pub`], local);
    const dup = await fails(['ssh-authorize', '--role', 'viewer', `${alice.path}.pub`]);
    expect(dup.message).toMatch(/already authorized \(line 1, role admin\)/);
    expect(statSync(sshFiles(ctx.paths).authorizedKeys).mode & 0o777).toBe(0o600);

    appendFileSync(sshFiles(ctx.paths).authorizedKeys, `role="god" ${alice.publicKey}\n`);
    const keys = await table.run(ctx, ['ssh-keys'], local);
    expect(keys.text).toBe(
      [
        `${alice.fingerprint}  admin     *                 alice@test`,
        `${bob.fingerprint}  viewer    127.0.0.1         bob@test`,
        'refused: line 3: unknown role "god" (viewer, operator or admin); this key is refused',
        '',
      ].join('\n'),
    );
  });

  it('ssh-enable starts the server where asked; keys log in with their roles', async () => {
    expect((await fails(['ssh-enable', '--listen', 'localhost:22'])).message).toMatch(/not an IP address/);
    expect(service.running()).toBe(false);
    const port = await freePort();
    const r = await table.run(ctx, ['ssh-enable', '--listen', `127.0.0.1:${port}`], local);
    expect(r.text).toMatch(new RegExp(`^SSH listens on 127\\.0\\.0\\.1:${port}; host key SHA256:`));
    expect(settings).toEqual({ enabled: true, listen: { host: '127.0.0.1', port } });

    const remote = await runSsh(port, knownHosts, alice.path, ['ssh-keys', '--format', 'json']);
    expect(remote.code).toBe(0);
    expect((JSON.parse(remote.stdout) as { keys: unknown[] }).keys).toHaveLength(2);
    const viewer = await runSsh(port, knownHosts, bob.path, ['ssh-revoke', alice.fingerprint]);
    expect(viewer).toMatchObject({ code: 1, stderr: 'ssh-revoke: needs the admin role; this session has viewer\n' });

    // Moving the listener keeps the server, and the old address stops answering.
    const port2 = await freePort();
    await table.run(ctx, ['ssh-enable', '--listen', `127.0.0.1:${port2}`], local);
    expect((await runSsh(port2, knownHosts, bob.path, ['ssh-fingerprint'])).code).toBe(0);
    expect((await runSsh(port, knownHosts, bob.path, ['ssh-fingerprint'])).code).toBe(255);
  });

  it('ssh-revoke removes the key at once', async () => {
    const port = settings.listen.port;
    expect((await fails(['ssh-revoke', 'SHA256:nosuchkey'])).code).toBe('not-found');
    const r = await table.run(ctx, ['ssh-revoke', bob.fingerprint.replace(/^SHA256:/, '')], local);
    expect(r.text).toBe(`revoked ${bob.fingerprint}; 0 connection(s) closed\n`);
    const refused = await runSsh(port, knownHosts, bob.path, ['ssh-fingerprint']);
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/Permission denied \(publickey\)/);
    expect((await runSsh(port, knownHosts, alice.path, ['ssh-fingerprint'])).code).toBe(0);
  });

  it('ssh-disable stops listening', async () => {
    const port = settings.listen.port;
    await table.run(ctx, ['ssh-disable'], local);
    expect(settings.enabled).toBe(false);
    expect(service.running()).toBe(false);
    const r = await runSsh(port, knownHosts, alice.path, ['ssh-fingerprint']);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/Connection refused/);
  });
});

describe('parseListenAddress', () => {
  it('takes IPv4 and bracketed IPv6 addresses with a port, nothing else', () => {
    expect(parseListenAddress('0.0.0.0:22')).toEqual({ host: '0.0.0.0', port: 22 });
    expect(parseListenAddress('[::1]:2222')).toEqual({ host: '::1', port: 2222 });
    expect(() => parseListenAddress('::1:22')).toThrow(/not ADDR:PORT/);
    expect(() => parseListenAddress('[127.0.0.1]:22')).toThrow(/only IPv6/);
    expect(() => parseListenAddress('127.0.0.1:0')).toThrow(/between 1 and 65535/);
    expect(() => parseListenAddress('127.0.0.1')).toThrow(/not ADDR:PORT/);
  });
});
