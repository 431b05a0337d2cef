import { describe, expect, it } from 'vitest';
import { parseArgv } from '../../../services/commands/argv-parser.js';
import { CommandError, type CommandSpec } from '../../../services/commands/command-spec.js';
import { splitCommandLine } from '../../../services/commands/command-line-splitter.js';

const spec: CommandSpec<null> = {
  name: 'shutdown',
  summary: 'test',
  role: 'operator',
  mutating: true,
  args: [{ name: 'qubes', help: '', type: 'qube', variadic: true }],
  options: [
    { name: 'force', short: 'f', help: '', type: 'boolean' },
    { name: 'wait', short: 'w', help: '', type: 'boolean' },
    { name: 'timeout', help: '', type: 'int' },
    { name: 'format', help: '', type: 'enum', values: ['text', 'json'] },
    { name: 'tag', short: 't', help: '', type: 'string', repeat: true },
  ],
  handler: () => Promise.resolve({ data: null }),
};

function usageMessage(argv: string[]): string {
  try {
    parseArgv(spec, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandError);
    expect((e as CommandError).exitCode).toBe(2);
    return (e as CommandError).message;
  }
  throw new Error('expected a usage error');
}

describe('parseArgv', () => {
  it('parses long, short, bundled and valued options and variadic qubes', () => {
    const a = parseArgv(spec, ['-fw', '--timeout', '30', '--format=json', 'work', '-t', 'a', '--tag=b', 'vault']);
    expect(a).toEqual({
      positional: { qubes: ['work', 'vault'] },
      options: { force: true, wait: true, timeout: 30, format: 'json', tag: ['a', 'b'] },
    });
  });
  it('treats words after -- as arguments', () => {
    expect(parseArgv(spec, ['--', 'work'])?.positional.qubes).toEqual(['work']);
  });
  it('returns null for --help', () => {
    expect(parseArgv(spec, ['work', '--help'])).toBeNull();
  });
  it('refuses bad input with clear messages', () => {
    expect(usageMessage(['--bogus'])).toContain('unknown option --bogus');
    expect(usageMessage(['-x'])).toContain('unknown option -x');
    expect(usageMessage(['--timeout', 'soon'])).toContain('whole number');
    expect(usageMessage(['--timeout'])).toContain('needs a value');
    expect(usageMessage(['--format', 'xml'])).toContain('one of text, json');
    expect(usageMessage(['--force=yes'])).toContain('takes no value');
    expect(usageMessage(['bad name'])).toContain('not a valid qube name');
    expect(usageMessage(['a'.repeat(32)])).toContain('not a valid qube name');
  });
  it('checks required and surplus positionals', () => {
    const one: CommandSpec<null> = { ...spec, args: [{ name: 'qube', help: '', type: 'qube', required: true }] };
    expect(() => parseArgv(one, [])).toThrow(/missing QUBE/);
    expect(() => parseArgv(one, ['a', 'b'])).toThrow(/unexpected argument "b"/);
  });
});

describe('splitCommandLine', () => {
  it('splits with shell-like quoting', () => {
    expect(splitCommandLine(`prefs work  kernelopts "nopat  quiet" 'a b' c\\ d ""`)).toEqual(['prefs', 'work', 'kernelopts', 'nopat  quiet', 'a b', 'c d', '']);
    expect(splitCommandLine(`a "x\\"y" 'it''s'`)).toEqual(['a', 'x"y', 'its']);
  });
  it('refuses unterminated quotes', () => {
    expect(() => splitCommandLine('echo "oops')).toThrow(/unterminated double quote/);
  });
});
