import { describe, expect, it } from 'vitest';
import { CommandTable, type AuditEntry } from '../../../services/commands/command-table.js';
import { CommandError, type Caller, type CommandSpec } from '../../../services/commands/command-spec.js';

const viewer: Caller = { role: 'viewer', identity: 'key SHA256:x', origin: '127.0.0.1' };
const admin: Caller = { role: 'admin', identity: 'local', origin: 'unix socket' };

function specs(log: string[]): CommandSpec<null>[] {
  return [
    { name: 'ls', aliases: ['list'], summary: 'list', role: 'viewer', mutating: false, args: [], options: [], handler: () => Promise.resolve({ data: ['dom0'] }) },
    {
      name: 'start',
      summary: 'start',
      role: 'operator',
      mutating: true,
      args: [{ name: 'qube', help: '', type: 'qube', required: true }],
      options: [],
      handler: (_c, a) => {
        log.push(String(a.positional.qube));
        return Promise.resolve({ data: null });
      },
    },
  ];
}

async function denial(p: Promise<unknown>): Promise<CommandError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CommandError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('CommandTable', () => {
  it('runs by name and alias, and answers --help from the spec', async () => {
    const t = new CommandTable(specs([]));
    expect((await t.run(null, ['list'], viewer)).data).toEqual(['dom0']);
    const help = await t.run(null, ['start', '--help'], viewer);
    expect(help.text).toContain('usage: qtui start QUBE');
    expect(t.complete('l')).toEqual(['list', 'ls']);
  });
  it('refuses a mutating command to a viewer without running it, and audits the refusal', async () => {
    const log: string[] = [];
    const audit: AuditEntry[] = [];
    const t = new CommandTable(specs(log), undefined, (e) => audit.push(e));
    const e = await denial(t.run(null, ['start', 'work'], viewer));
    expect(e.code).toBe('denied');
    expect(e.message).toContain('needs the operator role');
    expect(log).toEqual([]);
    expect(audit).toMatchObject([{ command: 'start', result: 'denied', caller: viewer }]);
    await t.run(null, ['start', 'work'], admin);
    expect(log).toEqual(['work']);
    expect(audit[1]).toMatchObject({ command: 'start', result: 'ok' });
    await t.run(null, ['ls'], viewer);
    expect(audit[2]).toMatchObject({ command: 'ls', result: 'ok', caller: viewer });
  });
  it('runs a view\'s read without writing it down, refuses it a mutating command, and writes down a refusal', async () => {
    const log: string[] = [];
    const audit: AuditEntry[] = [];
    const t = new CommandTable(specs(log), (cmd, caller) => ({ allowed: !(cmd === 'ls' && caller.identity === 'nobody'), reason: 'deny at test.policy:1' }), (e) => audit.push(e));
    expect((await t.run(null, ['ls'], viewer, 'view-read')).data).toEqual(['dom0']);
    expect(audit).toEqual([]);
    const e = await denial(t.run(null, ['start', 'work'], admin, 'view-read'));
    expect(e.code).toBe('usage');
    expect(log).toEqual([]);
    await denial(t.run(null, ['ls'], { ...viewer, identity: 'nobody' }, 'view-read'));
    expect(audit).toMatchObject([{ command: 'ls', result: 'denied' }]);
  });
  it('lets the policy refuse what the role would allow', async () => {
    const t = new CommandTable(specs([]), (cmd) => ({ allowed: cmd !== 'start', reason: 'deny at test.policy:3' }));
    expect((await denial(t.run(null, ['start', 'work'], admin))).message).toContain('test.policy:3');
  });
  it('says clearly when a command does not exist', async () => {
    const t = new CommandTable(specs([]));
    expect((await denial(t.run(null, ['frobnicate'], admin))).message).toContain('unknown command "frobnicate"');
  });
  it('refuses two entries with the same name', () => {
    const [ls, start] = specs([]);
    if (!ls || !start) throw new Error('fixture changed');
    expect(() => new CommandTable([ls, start, { ...ls, name: 'list', aliases: [] }])).toThrow(/used twice/);
  });
});
