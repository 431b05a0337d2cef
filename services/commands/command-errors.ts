/**
 * Every failure a command can meet, turned into what the user is told: the
 * registry's refusals and xen-bridge's errors keep their own messages, with
 * an exit code and a code scripts can test.
 */
import { XenError } from '../../xen-bridge/xen-error.js';
import { RegistryError } from '../registry/registry-error.js';
import { CommandError } from './command-spec.js';

export function asCommandError(e: unknown): CommandError {
  if (e instanceof CommandError) return e;
  if (e instanceof RegistryError) {
    const code = e.kind === 'no-such-qube' || e.kind === 'no-such-property' ? 'not-found' : e.kind === 'invalid-value' || e.kind === 'invalid-name' ? 'usage' : 'conflict';
    return new CommandError(e.message, code === 'usage' ? 2 : 1, code);
  }
  if (e instanceof XenError) {
    const code = e.kind === 'domain-not-found' ? 'not-found' : e.kind === 'name-in-use' || e.kind === 'out-of-memory' ? 'conflict' : 'failed';
    return new CommandError(`xen: ${e.message}`, 1, code);
  }
  return new CommandError(e instanceof Error ? e.message : String(e), 1, 'failed');
}
