/**
 * Words that must never be written down (a Wi-Fi passphrase, a clipboard's
 * text): the audit log and the events get the command's words with each
 * secret option's value and each secret positional replaced. Secret options
 * are long-only (`--passphrase X` or `--passphrase=X`), so no bundle of short
 * flags can hide one. Positionals are counted as parseArgv counts them, so
 * the words are walked with the same rules: an option that takes a value
 * takes the next word, and `--` ends the options.
 */
import type { ArgSpec, CommandSpec, OptionSpec } from './command-spec.js';

export const REDACTED = '<redacted>';

/** Whether any of the command's words may be secret. */
export function hasSecrets<C>(spec: CommandSpec<C>): boolean {
  return spec.options.some((o) => o.secret) || spec.args.some((a) => a.secret);
}

/** `words` (a command's words after its name) with every secret option value and secret positional replaced. */
export function redactSecrets<C>(spec: CommandSpec<C>, words: readonly string[]): string[] {
  if (!hasSecrets(spec)) return [...words];
  const byLong = new Map(spec.options.map((o) => [o.name, o]));
  const byShort = new Map(spec.options.filter((o) => o.short !== undefined).map((o) => [o.short as string, o]));
  const takesValue = (o: OptionSpec | undefined): boolean => o !== undefined && o.type !== 'boolean';
  const out: string[] = [];
  let positionals = 0;
  const positional = (w: string): void => {
    out.push(argAt(spec.args, positionals++)?.secret ? REDACTED : w);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '--') {
      out.push(w);
      for (const rest of words.slice(i + 1)) positional(rest);
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const opt = byLong.get(w.slice(2, eq >= 0 ? eq : undefined));
      if (eq >= 0) out.push(opt?.secret ? `${w.slice(0, eq)}=${REDACTED}` : w);
      else {
        out.push(w);
        if (takesValue(opt) && i + 1 < words.length) {
          i++;
          out.push(opt?.secret ? REDACTED : (words[i] as string));
        }
      }
    } else if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      out.push(w);
      // A short option with a value takes the rest of its bundle, or the next word when it ends the bundle.
      const at = w.slice(1).split('').findIndex((ch) => takesValue(byShort.get(ch)));
      if (at >= 0 && at === w.length - 2 && i + 1 < words.length) out.push(words[++i] as string);
    } else positional(w);
  }
  return out;
}

/** The argument the n-th positional word fills, as parseArgv fills them: in order, a variadic one taking the rest. */
function argAt(args: readonly ArgSpec[], n: number): ArgSpec | undefined {
  const variadic = args.findIndex((a) => a.variadic);
  return variadic >= 0 && n >= variadic ? args[variadic] : args[n];
}

/** Refuses a secret option with a short form, which redactSecrets would not see inside a bundle. */
export function checkSecretOptions<C>(spec: CommandSpec<C>): void {
  for (const o of spec.options) if (o.secret && o.short !== undefined) throw new Error(`${spec.name}: secret option --${o.name} may not have a short form`);
}
