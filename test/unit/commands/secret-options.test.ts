import { describe, expect, it } from 'vitest';
import { CommandTable, type AuditEntry } from '../../../services/commands/command-table.js';
import type { Caller, CommandSpec } from '../../../services/commands/command-spec.js';
import { REDACTED, redactSecrets } from '../../../services/commands/secret-options.js';

const operator: Caller = { role: 'operator', identity: 'test', origin: 'test' };

const connect: CommandSpec<null> = {
  name: 'net-connect',
  summary: 'join',
  role: 'viewer',
  mutating: true,
  args: [{ name: 'ssid', help: '', type: 'string', required: true }],
  options: [
    { name: 'passphrase', help: '', type: 'string', secret: true },
    { name: 'note', short: 'n', help: '', type: 'string' },
  ],
  handler: (_c, a) => Promise.resolve({ data: a.options.passphrase === 'hunter2-hunter2' }),
};

describe('secret options', () => {
  it.each([
    [['home', '--passphrase', 's3cret-pass'], ['home', '--passphrase', REDACTED]],
    [['--passphrase=s3cret-pass', 'home'], ['--passphrase=<redacted>', 'home']],
    [['home', '-n', 'kept', '--note=kept'], ['home', '-n', 'kept', '--note=kept']],
    // After `--` every word is positional: nothing there is an option's value.
    [['--', '--passphrase'], ['--', '--passphrase']],
    [['home', '--passphrase'], ['home', '--passphrase']],
  ])('redacts %j as %j', (words, expected) => {
    expect(redactSecrets(connect, words)).toEqual(expected);
  });

  it('the table audits the words with the secret cut out, and the handler still gets it', async () => {
    const audit: AuditEntry[] = [];
    const table = new CommandTable([connect], undefined, (e) => audit.push(e));
    expect((await table.run(null, ['net', 'connect', 'home', '--passphrase', 'hunter2-hunter2'], operator)).data).toBe(true);
    expect(audit.map((e) => e.argv)).toEqual([['net', 'connect', 'home', '--passphrase', REDACTED]]);
    expect(table.redactLine("net connect 'my home' --passphrase=hunter2-hunter2")).toBe('net connect my home --passphrase=<redacted>');
    expect(table.redactLine('net connect home')).toBe('net connect home');
  });

  it('refuses a secret option with a short form, which a bundle of flags could hide', () => {
    const bad: CommandSpec<null> = { ...connect, options: [{ name: 'passphrase', short: 'p', help: '', type: 'string', secret: true }] };
    expect(() => new CommandTable([bad])).toThrow(/may not have a short form/);
  });
});
