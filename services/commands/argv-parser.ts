/**
 * Turns words into a command's typed arguments, with the same rules for every
 * way in (CLI, `:` prompt, SSH exec, socket API): GNU-style long and short
 * options, `--opt=value`, `--` ends options, and clear usage errors.
 */
import { CommandError, type ArgSpec, type CommandSpec, type OptionSpec, type OptionValue, type ParsedArgs } from './command-spec.js';

export const NAME_RE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

function usage(cmd: string, message: string): CommandError {
  return new CommandError(`${cmd}: ${message} (see '${cmd} --help')`, 2, 'usage');
}

function convertOption(cmd: string, opt: OptionSpec, raw: string): string | number {
  if (opt.type === 'int') {
    if (!/^-?\d+$/.test(raw)) throw usage(cmd, `--${opt.name} takes a whole number, not ${JSON.stringify(raw)}`);
    return Number(raw);
  }
  if (opt.type === 'enum' && !opt.values?.includes(raw)) {
    throw usage(cmd, `--${opt.name} takes one of ${opt.values?.join(', ')}, not ${JSON.stringify(raw)}`);
  }
  return raw;
}

function convertArg(cmd: string, arg: ArgSpec, raw: string): string | number {
  if (arg.type === 'int') {
    if (!/^-?\d+$/.test(raw)) throw usage(cmd, `${arg.name.toUpperCase()} must be a whole number, not ${JSON.stringify(raw)}`);
    return Number(raw);
  }
  if (arg.type === 'qube' && (!NAME_RE.test(raw) || raw.length > 31)) {
    throw usage(cmd, `${JSON.stringify(raw)} is not a valid qube name`);
  }
  return raw;
}

/** Returns null when the words ask for help instead of an action. */
export function parseArgv<C>(spec: CommandSpec<C>, argv: readonly string[]): ParsedArgs | null {
  const options: Record<string, OptionValue | undefined> = {};
  const words: string[] = [];
  const byLong = new Map(spec.options.map((o) => [o.name, o]));
  const byShort = new Map(spec.options.filter((o) => o.short).map((o) => [o.short as string, o]));

  const setOption = (opt: OptionSpec, value: string | number | boolean): void => {
    if (opt.repeat) {
      const list = (options[opt.name] as string[] | undefined) ?? [];
      list.push(String(value));
      options[opt.name] = list;
    } else {
      options[opt.name] = value;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const w = argv[i] as string;
    if (w === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (w === '--help' || w === '-h') return null;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = eq >= 0 ? w.slice(2, eq) : w.slice(2);
      const opt = byLong.get(name);
      if (!opt) throw usage(spec.name, `unknown option --${name}`);
      if (opt.type === 'boolean') {
        if (eq >= 0) throw usage(spec.name, `--${name} takes no value`);
        setOption(opt, true);
        continue;
      }
      const raw = eq >= 0 ? w.slice(eq + 1) : argv[++i];
      if (raw === undefined) throw usage(spec.name, `--${name} needs a value`);
      setOption(opt, convertOption(spec.name, opt, raw));
      continue;
    }
    if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      // Bundled short flags (-fw); a short option with a value takes the rest or the next word.
      for (let j = 1; j < w.length; j++) {
        const ch = w[j] as string;
        const opt = byShort.get(ch);
        if (!opt) throw usage(spec.name, `unknown option -${ch}`);
        if (opt.type === 'boolean') {
          setOption(opt, true);
          continue;
        }
        const rest = w.slice(j + 1);
        const raw = rest !== '' ? rest : argv[++i];
        if (raw === undefined) throw usage(spec.name, `-${ch} needs a value`);
        setOption(opt, convertOption(spec.name, opt, raw));
        break;
      }
      continue;
    }
    words.push(w);
  }

  const positional: ParsedArgs['positional'] = {};
  let k = 0;
  for (const arg of spec.args) {
    if (arg.variadic) {
      const rest = words.slice(k).map((w) => String(convertArg(spec.name, arg, w)));
      if (arg.required && rest.length === 0) throw usage(spec.name, `missing ${arg.name.toUpperCase()}`);
      positional[arg.name] = rest;
      k = words.length;
      break;
    }
    const w = words[k];
    if (w === undefined) {
      if (arg.required) throw usage(spec.name, `missing ${arg.name.toUpperCase()}`);
      continue;
    }
    positional[arg.name] = convertArg(spec.name, arg, w);
    k++;
  }
  if (k < words.length) throw usage(spec.name, `unexpected argument ${JSON.stringify(words[k])}`);
  return { positional, options };
}
