/**
 * Option parsing the way xl's def_getopt does it: GNU getopt with opterr off,
 * so unknown options produce xl's own "option `X' not supported." (with a NUL
 * byte as X for long options, which is what real xl prints) and exit code 2.
 */
import type { XlContext } from './xl-context.js';

export interface OptionSpec {
  /** Short option letter, e.g. "l". */
  short: string;
  long?: string;
  takesValue?: boolean;
}

export interface ParsedOptions {
  /** Short letters given, each with its value (or "" for flags); repeated options keep the last. */
  opts: Map<string, string>;
  positional: string[];
}

export type GetoptResult = { ok: true; value: ParsedOptions } | { ok: false; exitCode: number };

/** NUL is what real xl prints for the letter of an unknown long option (getopt's optopt is 0). */
const UNKNOWN_LONG = '\0';

export function xlGetopt(
  ctx: XlContext,
  args: readonly string[],
  specs: readonly OptionSpec[],
  command: string,
  minArgs: number,
  help: () => string,
): GetoptResult {
  const opts = new Map<string, string>();
  const positional: string[] = [];
  const fail = (text: string): GetoptResult => {
    ctx.err(text);
    return { ok: false, exitCode: 2 };
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = splitOnce(arg.slice(2), '=');
      if (name === 'help') {
        ctx.out(help());
        return { ok: false, exitCode: 0 };
      }
      const spec = specs.find((s) => s.long === name);
      if (!spec) return fail(`option \`${UNKNOWN_LONG}' not supported.\n`);
      if (spec.takesValue) {
        const value = inline ?? args[++i];
        if (value === undefined) return fail(`option \`${spec.short}' requires an argument.\n`);
        opts.set(spec.short, value);
      } else {
        opts.set(spec.short, '');
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] ?? '';
        if (letter === 'h') {
          ctx.out(help());
          return { ok: false, exitCode: 0 };
        }
        const spec = specs.find((s) => s.short === letter);
        if (!spec) return fail(`option \`${letter}' not supported.\n`);
        if (spec.takesValue) {
          const rest = arg.slice(j + 1);
          const value = rest !== '' ? rest : args[++i];
          if (value === undefined) return fail(`option \`${letter}' requires an argument.\n`);
          opts.set(letter, value);
          break;
        }
        opts.set(letter, '');
      }
      continue;
    }
    positional.push(arg);
  }
  if (positional.length < minArgs) {
    ctx.err(`'xl ${command}' requires at least ${minArgs} argument${minArgs > 1 ? 's' : ''}.\n\n`);
    ctx.err(help());
    return { ok: false, exitCode: 2 };
  }
  return { ok: true, value: { opts, positional } };
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + sep.length)];
}
