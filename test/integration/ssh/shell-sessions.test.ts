/**
 * Shell sessions reach the console hook with the client's TERM and size,
 * window changes follow, and the session ends cleanly: with OpenSSH in a real
 * pty read back through a terminal emulator, and with ssh2 for a resize storm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import * as pty from 'node-pty';
import type ssh2 from 'ssh2';
import type { ClientChannel, ServerChannel } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../../services/commands/command-spec.js';
import { formatAuthorizedKeyLine } from '../../../services/ssh/authorized-keys.js';
import type { ShellHandle, ShellRequest } from '../../../services/ssh/ssh-types.js';
import { connect, exec } from '../../fixtures/ssh/ssh2-client.js';
import { makeClientKey, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { startTestServer, type TestServer } from '../../fixtures/ssh/ssh-test-server.js';

let dir: string;
let t: TestServer;
let admin: ClientKey;
let noPty: ClientKey;
const sizes: [number, number][] = [];
const clients: ssh2.Client[] = [];

/** A stand-in console: greets with what it was given, reports resizes, quits on "q"; fails for TERM=broken. */
function openShell(stream: ServerChannel, request: ShellRequest, caller: Caller): ShellHandle {
  if (request.term === 'broken') throw new Error('no terminal description for broken');
  stream.write(`hello ${caller.role} ${request.term} ${request.cols}x${request.rows}\r\n`);
  stream.on('data', (d: Buffer) => {
    if (d.toString().includes('q')) {
      stream.write('bye\r\n');
      stream.exit(0);
      stream.end();
    }
  });
  return {
    resize: (cols, rows) => {
      sizes.push([cols, rows]);
      stream.write(`size ${cols}x${rows}\r\n`);
    },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-ssh-shell-'));
  admin = makeClientKey(dir, 'admin');
  noPty = makeClientKey(dir, 'nopty');
  const keys = [formatAuthorizedKeyLine('admin', undefined, admin.publicKey), `role="viewer",no-pty ${noPty.publicKey}`];
  t = await startTestServer(dir, `${keys.join('\n')}\n`, {}, { openShell });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  sizes.length = 0;
});
afterAll(async () => {
  await t.server.close();
  rmSync(dir, { recursive: true, force: true });
});

function screenText(term: xterm.Terminal): string {
  const lines: string[] = [];
  for (let i = 0; i < term.buffer.active.length; i++) lines.push(term.buffer.active.getLine(i)?.translateToString(true) ?? '');
  return lines.join('\n');
}

describe('shell sessions', () => {
  it('an interactive OpenSSH login in a pty gets the console hook at its TERM and size, and resizes reach it', async () => {
    const term = new xterm.Terminal({ cols: 90, rows: 20, allowProposedApi: true });
    const args = [
      '-F', '/dev/null', '-p', String(t.port), '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${t.knownHosts}`,
      '-o', 'HostKeyAlias=qtui-test', '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes', '-i', admin.path, 'admin@127.0.0.1',
    ];
    const child = pty.spawn('ssh', args, { name: 'xterm-256color', cols: 90, rows: 20, cwd: dir, env: { ...process.env, TERM: 'xterm-256color' } });
    const exited = new Promise<number>((resolve) => child.onExit((e) => resolve(e.exitCode)));
    try {
      child.onData((d) => term.write(d));
      await vi.waitFor(() => expect(screenText(term)).toContain('hello admin xterm-256color 90x20'), { timeout: 10_000 });
      child.resize(120, 40);
      await vi.waitFor(() => expect(screenText(term)).toContain('size 120x40'), { timeout: 10_000 });
      child.write('q');
      expect(await exited).toBe(0);
      await vi.waitFor(() => expect(screenText(term)).toContain('bye'));
    } finally {
      child.kill();
      term.dispose();
    }
    await vi.waitFor(() => expect(t.server.stats().sessions).toBe(0));
  });

  it('follows a storm of window changes to the last size while commands still run', async () => {
    const c = await connect(t.port, t.hostKey, { keyPath: admin.path });
    clients.push(c);
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      c.shell({ term: 'xterm', cols: 100, rows: 30 }, (e, s) => (e ? reject(e) : resolve(s))),
    );
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    await vi.waitFor(() => expect(out).toContain('hello admin xterm 100x30'));
    for (let i = 1; i <= 300; i++) stream.setWindow(20 + (i % 50), 60 + (i % 100), 0, 0);
    stream.setWindow(45, 123, 0, 0);
    expect(await exec(c, 'ls')).toMatchObject({ code: 0 });
    await vi.waitFor(() => expect(sizes).toHaveLength(301));
    expect(sizes.at(-1)).toEqual([123, 45]);
    const exitCode = new Promise((resolve) => stream.on('exit', resolve));
    stream.write('q');
    expect(await exitCode).toBe(0);
  });

  it('reports a console that fails to start, with status 1, and the connection carries on', async () => {
    const c = await connect(t.port, t.hostKey, { keyPath: admin.path });
    clients.push(c);
    // Listeners go on inside the callback: the refusal may arrive in the same packet as the reply.
    const outcome = await new Promise<{ code: unknown; err: string }>((resolve, reject) =>
      c.shell({ term: 'broken' }, (e, stream) => {
        if (e) {
          reject(e);
          return;
        }
        let err = '';
        let code: unknown;
        stream.stderr.on('data', (d: Buffer) => (err += d.toString()));
        stream.resume();
        stream.on('exit', (status: unknown) => (code = status));
        stream.on('close', () => resolve({ code, err }));
      }),
    );
    expect(outcome).toEqual({ code: 1, err: 'qtui: the console could not start: no terminal description for broken\r\n' });
    expect(await exec(c, 'ls')).toMatchObject({ code: 0 });
  });

  it('refuses a pty to a no-pty key but still serves its commands', async () => {
    const c = await connect(t.port, t.hostKey, { keyPath: noPty.path });
    clients.push(c);
    await expect(new Promise((resolve, reject) => c.shell({ term: 'xterm' }, (e, s) => (e ? reject(e) : resolve(s))))).rejects.toThrow(/pseudo-terminal|pty/i);
    expect(await exec(c, 'ls')).toMatchObject({ code: 0 });
    expect(t.audit).toContainEqual(expect.objectContaining({ event: 'refused', command: 'pty-req', fingerprint: noPty.fingerprint }));
  });
});
