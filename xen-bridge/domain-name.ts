/**
 * Qubes' rules for a domain (qube) name. Every name that reaches `xl` or an
 * xl.cfg passes through here first, so a name can never smuggle an option,
 * a quote or a path into a command line or a config file.
 */
import { XenError } from './xen-error.js';

const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
export const MAX_DOMAIN_NAME_LENGTH = 31;
/** Names xl or Qubes give a meaning of their own. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['none', 'default', 'Domain-0']);

/** null when `name` is a valid domain name, else why it is not. */
export function validateDomainName(name: string): string | null {
  if (name.length === 0) return 'a domain name must not be empty';
  if (name.length > MAX_DOMAIN_NAME_LENGTH) {
    return `domain name ${JSON.stringify(name)} is longer than ${MAX_DOMAIN_NAME_LENGTH} characters`;
  }
  if (!NAME_PATTERN.test(name)) {
    return `domain name ${JSON.stringify(name)} must start with a letter and contain only letters, digits, '_', '.' and '-'`;
  }
  if (RESERVED_NAMES.has(name)) return `domain name ${JSON.stringify(name)} is reserved`;
  // xl names a domain's device-model stub domain "<name>-dm".
  if (name.endsWith('-dm')) return `domain name ${JSON.stringify(name)} must not end in "-dm"`;
  return null;
}

export function isValidDomainName(name: string): boolean {
  return validateDomainName(name) === null;
}

/**
 * For callers that build xl argument arrays: throws XenError('invalid-argument')
 * naming the command that was about to run.
 */
export function assertDomainName(name: string, command: readonly string[]): void {
  const problem = validateDomainName(name);
  if (problem !== null) throw new XenError('invalid-argument', command, null, problem);
}
