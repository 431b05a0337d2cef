import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_COMMANDS } from '../../../services/commands/daemon-commands.js';
import { CommandError, type Caller } from '../../../services/commands/command-spec.js';
import { ADMIN, DaemonFixture, OPERATOR, VIEWER } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';

let f: DaemonFixture;
beforeAll(async () => {
  await buildOnce();
  f = await DaemonFixture.start();
}, 180_000);
afterAll(() => f.teardown());

/** Arguments that would make each mutating command act, were it allowed. */
const SAMPLE_ARGS: Record<string, string[]> = {
  start: ['work'],
  shutdown: ['sys-usb'],
  kill: ['sys-usb'],
  pause: ['sys-usb'],
  unpause: ['sys-usb'],
  restart: ['sys-usb'],
  'create-dispvm': [],
  create: ['newqube', '--label', 'red'],
  clone: ['work', 'work2'],
  remove: ['untrusted'],
  'policy-reload': [],
  'daemon-stop': [],
  'ssh-enable': [],
  'ssh-disable': [],
  'ssh-authorize': ['--role', 'admin', '/nonexistent.pub'],
  'ssh-revoke': ['SHA256:AAAA'],
  'net-connect': ['home'],
  'net-disconnect': [],
  'block-attach': ['work', 'sys-usb:sdb'],
  'block-detach': ['work', 'xvdi'],
  'firewall-add': ['work', 'action=drop'],
  'firewall-del': ['work', '1'],
  'firewall-reset': ['work'],
  'usb-attach': ['work', '1-1'],
  'usb-detach': ['work', '1-1'],
  'usb-assign': ['work', '1-1'],
  'clipboard-copy': ['work', 'secret'],
  'clipboard-paste': ['vault'],
};

async function denied(argv: string[], caller: Caller): Promise<string> {
  try {
    await f.run(argv, caller);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandError);
    expect((e as CommandError).code).toBe('denied');
    return (e as CommandError).message;
  }
  throw new Error(`${argv.join(' ')} was not refused to the ${caller.role}`);
}

describe('roles', () => {
  it('refuses every mutating command of the table to a viewer, and runs none of them', async () => {
    const mutating = DAEMON_COMMANDS.filter((c) => c.mutating).map((c) => c.name);
    expect(mutating.sort()).toEqual(Object.keys(SAMPLE_ARGS).sort());
    const before = (await f.running()).sort();
    for (const name of mutating) expect(await denied([name, ...(SAMPLE_ARGS[name] ?? [])], VIEWER)).toMatch(/needs the (operator|admin) role/);
    expect((await f.running()).sort()).toEqual(before);
    expect(f.daemon.ctx.registry.has('newqube')).toBe(false);
    expect(f.daemon.ctx.registry.has('untrusted')).toBe(true);
  });

  it("gives an admin the daemon's memory after a full collection, and no one else", async () => {
    const r = await f.run(['daemon-memory', '--gc', '--format', 'json']);
    const m = r.data as { rssMiB: number; heapUsedMiB: number; heapTotalMiB: number; collected: boolean };
    expect(m.collected).toBe(true);
    expect(m.heapUsedMiB).toBeGreaterThan(0);
    expect(m.heapUsedMiB).toBeLessThanOrEqual(m.heapTotalMiB);
    // This process is the daemon here: its resident memory holds at least the heap in use.
    expect(m.rssMiB).toBeGreaterThan(m.heapUsedMiB);
    expect(await denied(['daemon-memory', '--gc'], OPERATOR)).toMatch(/admin/);
  });

  it('lets a viewer read what it may not change', async () => {
    expect((await f.run(['prefs', 'work', 'memory'], VIEWER)).text).toBe('400\n');
    expect(await denied(['prefs', 'work', 'memory', '800'], VIEWER)).toContain('prefs-set');
    expect(await denied(['prefs', '--default', 'work', 'label'], VIEWER)).toContain('prefs-set');
    expect(await denied(['global-prefs', 'default_netvm', 'sys-net'], VIEWER)).toContain('global-prefs-set');
    expect(await denied(['features', 'work', 'gui', '1'], VIEWER)).toContain('features-set');
    expect(await denied(['tags', 'work', 'add', 'x'], VIEWER)).toContain('tags-set');
    expect(f.daemon.ctx.registry.getProperty('work', 'memory').value).toBe(400);
    expect(f.daemon.ctx.registry.tags('work')).not.toContain('x');
  });

  it('lets an operator run qubes but not change or create them; an admin may', async () => {
    expect(await denied(['create', 'opqube', '--label', 'red'], OPERATOR)).toMatch(/needs the admin role/);
    expect(await denied(['prefs', 'work', 'memory', '800'], OPERATOR)).toContain('prefs-set');
    await f.run(['prefs', 'work', 'memory', '800'], ADMIN);
    expect(f.daemon.ctx.registry.getProperty('work', 'memory')).toEqual({ value: 800, isDefault: false });
    await f.run(['tags', 'work', 'add', 'mail'], ADMIN);
    expect(f.daemon.ctx.registry.tags('work')).toContain('mail');
  });

  it('writes every refusal and every change to the audit log', async () => {
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(`${f.paths.stateDir}/audit.log`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { command: string; result: string; caller: Caller });
    expect(lines.some((l) => l.command === 'start' && l.result === 'denied' && l.caller.role === 'viewer')).toBe(true);
    expect(lines.some((l) => l.command === 'create' && l.result === 'denied' && l.caller.role === 'operator')).toBe(true);
    expect(lines.some((l) => l.command === 'prefs' && l.result === 'ok' && l.caller.role === 'admin')).toBe(true);
  });
});
