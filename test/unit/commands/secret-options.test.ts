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

/** A command with a secret positional after a plain one, and options that take values or not. */
const copy: CommandSpec<null> = {
  name: 'copy',
  summary: 'copy',
  role: 'viewer',
  mutating: true,
  args: [
    { name: 'qube', help: '', type: 'qube', required: true },
    { name: 'text', help: '', type: 'string', required: true, secret: true },
  ],
  options: [
    { name: 'note', short: 'n', help: '', type: 'string' },
    { name: 'force', short: 'f', help: '', type: 'boolean' },
  ],
  handler: (_c, a) => Promise.resolve({ data: a.positional.text }),
};

describe('secret options and positionals', () => {
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

  it.each([
    [['work', 'the text'], ['work', REDACTED]],
    [['--', 'work', '--not-an-option'], ['--', 'work', REDACTED]],
    // An option's value is not a positional: the text is still the second one.
    [['-n', 'kept', 'work', 'the text'], ['-n', 'kept', 'work', REDACTED]],
    [['--note', 'kept', 'work', 'the text'], ['--note', 'kept', 'work', REDACTED]],
    [['-fn', 'kept', 'work', 'the text'], ['-fn', 'kept', 'work', REDACTED]],
    [['-nkept', 'work', 'the text'], ['-nkept', 'work', REDACTED]],
    [['--force', 'work', 'the text'], ['--force', 'work', REDACTED]],
    [['work', '--note=x', 'the text'], ['work', '--note=x', REDACTED]],
  ])('redacts a secret positional in %j as %j', (words, expected) => {
    expect(redactSecrets(copy, words)).toEqual(expected);
  });

  it('redacts every word a secret variadic argument takes', () => {
    const variadic: CommandSpec<null> = { ...copy, args: [{ name: 'qube', help: '', type: 'qube' }, { name: 'words', help: '', type: 'string', variadic: true, secret: true }] };
    expect(redactSecrets(variadic, ['work', 'a', '--', 'b', 'c'])).toEqual(['work', REDACTED, '--', REDACTED, REDACTED]);
  });

  it('the table audits a secret positional cut out, and an SSH line that does not split is not kept whole', async () => {
    const audit: AuditEntry[] = [];
    const table = new CommandTable([copy, connect], undefined, (e) => audit.push(e));
    expect((await table.run(null, ['copy', '--', 'work', 'p4ss w0rd'], operator)).data).toBe('p4ss w0rd');
    expect(audit.map((e) => e.argv)).toEqual([['copy', '--', 'work', REDACTED]]);
    expect(table.redactLine("copy work 'p4ss w0rd'")).toBe('copy work <redacted>');
    expect(table.redactLine("copy work 'p4ss w0rd")).toBe('<a command line that does not split>');
    expect(table.redactLine("net connect 'home")).toBe('<a command line that does not split>');
    expect(table.redactLine("ls 'home")).toBe('<a command line that does not split>');
  });

  it('refuses a secret option with a short form, which a bundle of flags could hide', () => {
    const bad: CommandSpec<null> = { ...connect, options: [{ name: 'passphrase', short: 'p', help: '', type: 'string', secret: true }] };
    expect(() => new CommandTable([bad])).toThrow(/may not have a short form/);
  });
});
