/**
 * Options whose value must never be written down (a Wi-Fi passphrase): the
 * audit log and the events get the command's words with each such value
 * replaced. Secret options are long-only (`--passphrase X` or
 * `--passphrase=X`), so no bundle of short flags can hide one.
 */
import type { CommandSpec } from './command-spec.js';

export const REDACTED = '<redacted>';

/** `words` (a command's words after its name) with the value of every secret option replaced. */
export function redactSecrets<C>(spec: CommandSpec<C>, words: readonly string[]): string[] {
  const secret = new Set(spec.options.filter((o) => o.secret).map((o) => o.name));
  if (secret.size === 0) return [...words];
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '--') {
      out.push(...words.slice(i));
      break;
    }
    const eq = w.indexOf('=');
    const name = w.startsWith('--') ? w.slice(2, eq >= 0 ? eq : undefined) : '';
    if (!secret.has(name)) {
      out.push(w);
    } else if (eq >= 0) {
      out.push(`--${name}=${REDACTED}`);
    } else {
      out.push(w);
      if (i + 1 < words.length) {
        out.push(REDACTED);
        i++;
      }
    }
  }
  return out;
}

/** Refuses a secret option with a short form, which redactSecrets would not see inside a bundle. */
export function checkSecretOptions<C>(spec: CommandSpec<C>): void {
  for (const o of spec.options) if (o.secret && o.short !== undefined) throw new Error(`${spec.name}: secret option --${o.name} may not have a short form`);
}
