/**
 * A command run over SSH is in the audit log once: the command table's
 * record, whose caller is the key (fingerprint and comment) and the client's
 * address. Commands refused before the table's record, and command lines
 * that cannot even be split, are recorded once too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateHostKey } from '../../../services/ssh/host-key.js';
import { sshFiles } from '../../../services/ssh/ssh-files.js';
import { connect, exec } from '../../fixtures/ssh/ssh2-client.js';
import { makeClientKey, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { DaemonFixture } from '../../support/daemon-fixture.js';
import { freePort } from '../../fixtures/free-port.js';


type Entry = Record<string, unknown> & { caller?: { role: string; identity: string; origin: string }; argv?: string[] };

let f: DaemonFixture;
let admin: ClientKey;
let viewer: ClientKey;
const clients: ssh2.Client[] = [];

beforeAll(async () => {
  f = await DaemonFixture.start();
  admin = makeClientKey(f.dir, 'admin');
  viewer = makeClientKey(f.dir, 'viewer');
  const port = await freePort();
  await f.run(['ssh', 'enable', '--listen', `127.0.0.1:${port}`]);
  await f.run(['ssh', 'authorize', '--role', 'admin', `${admin.path}.pub`]);
  await f.run(['ssh', 'authorize', '--role', 'viewer', `${viewer.path}.pub`]);
  const hostKey = loadOrCreateHostKey(sshFiles(f.paths).hostKey);
  for (const key of [admin, viewer]) clients.push(await connect(port, hostKey, { keyPath: key.path }));
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.end();
  await f.teardown();
});

function auditLog(): Entry[] {
  return readFileSync(join(f.paths.stateDir, 'audit.log'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Entry);
}

/** The records that mention a word of this command line, in either record's shape. */
function recordsOf(word: string): Entry[] {
  return auditLog().filter((e) => (e.argv ?? []).includes(word) || (typeof e.command === 'string' && e.command.includes(word)));
}

describe('SSH commands in the audit log', () => {
  it('a command is one record of the table, carrying the key and the address', async () => {
    const [adminClient] = clients as [ssh2.Client];
    const r = await exec(adminClient, 'tags work add audited-over-ssh');
    expect(r.code).toBe(0);
    expect(f.daemon.ctx.registry.get('work')?.tags).toContain('audited-over-ssh');
    const records = recordsOf('audited-over-ssh');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ command: 'tags', result: 'ok', caller: { role: 'admin' } });
    expect(records[0]?.caller?.identity).toBe(`${admin.fingerprint} admin@test`);
    expect(records[0]?.caller?.origin).toMatch(/^ssh 127\.0\.0\.1:\d+$/);
  });

  it('a refusal by role is one record too', async () => {
    const viewerClient = clients[1] as ssh2.Client;
    const r = await exec(viewerClient, 'start vault');
    expect(r.code).toBe(1);
    const records = recordsOf('vault').filter((e) => e.caller?.role === 'viewer' || e.role === 'viewer');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ command: 'start', result: 'denied', caller: { identity: `${viewer.fingerprint} viewer@test` } });
  });

  it('an unknown command is recorded once, by its name alone', async () => {
    const [adminClient] = clients as [ssh2.Client];
    const r = await exec(adminClient, 'frobnicate-audit hunter2');
    expect(r.code).toBe(2);
    const records = recordsOf('frobnicate-audit');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ command: 'frobnicate-audit', argv: ['frobnicate-audit'], result: 'error', caller: { identity: `${admin.fingerprint} admin@test` } });
    expect(JSON.stringify(auditLog())).not.toContain('hunter2');
  });

  it('a command line that cannot be split is recorded once, by the SSH layer', async () => {
    const [adminClient] = clients as [ssh2.Client];
    const r = await exec(adminClient, "ls 'unsplittable");
    expect(r.code).toBe(2);
    const records = recordsOf('unsplittable');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ event: 'exec', fingerprint: admin.fingerprint, comment: 'admin@test', result: 'error', exitCode: 2 });
  });
});
