/**
 * Domain arguments for xl. Names go through the qube name rules before they
 * reach xl, so nothing that looks like an option or a domid gets through;
 * Domain-0 is allowed as a reference to the existing domain, never as a new
 * name.
 */
import { assertDomainName } from './domain-name.js';
import { XenError } from './xen-error.js';

/** A domain as xl accepts it: a qube name, or a numeric domid. */
export type DomainRef = string | number;

/** `command` is the xl command line so far, for the error. */
export function domainArg(command: readonly string[], dom: DomainRef): string {
  if (typeof dom === 'number') {
    if (!Number.isSafeInteger(dom) || dom < 0) throw invalidArgument(command, `domid must be a non-negative integer, not ${dom}`);
    return String(dom);
  }
  if (dom === 'Domain-0') return dom;
  return newDomainName(command, dom);
}

export function newDomainName(command: readonly string[], name: string): string {
  assertDomainName(name, ['xl', ...command]);
  return name;
}

export function invalidArgument(command: readonly string[], detail: string): XenError {
  return new XenError('invalid-argument', ['xl', ...command], null, detail);
}
