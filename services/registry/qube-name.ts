/**
 * Qube names: the rules Xen needs for a domain name plus Qubes' own (reserved
 * words that mean "no qube" in the admin API, the `-dm` suffix Xen gives
 * device-model stub domains). Uniqueness is checked against the registry.
 */
const NAME_RE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
export const MAX_QUBE_NAME_LENGTH = 31;
const RESERVED = new Set(['none', 'default', 'Domain-0']);

/** Why `name` cannot name a qube, or null when it can (uniqueness aside). */
export function qubeNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_QUBE_NAME_LENGTH) return `must be at most ${MAX_QUBE_NAME_LENGTH} characters (has ${name.length})`;
  if (!NAME_RE.test(name)) return 'must start with a letter and contain only letters, digits, "_", "." and "-"';
  if (RESERVED.has(name)) return 'is reserved';
  if (name.endsWith('-dm')) return 'must not end in "-dm" (reserved for device-model domains)';
  return null;
}

export function formatNameProblem(name: string, problem: string): string {
  return `invalid qube name ${JSON.stringify(name)}: ${problem}`;
}
