/**
 * What the xl attachers need to know about domains: which are running,
 * what devices they hold, and the refusal a user reads when xl fails.
 */
import type { DomainDetail } from '../../xen-bridge/types.js';
import type { XlClient } from '../../xen-bridge/xl-client.js';
import { XenError } from '../../xen-bridge/xen-error.js';
import { CommandError } from '../commands/command-spec.js';

/**
 * Every domain with its configuration (`xl list -l`): a qube that is not
 * running is no domain at all, so this one call answers both "is it
 * running" and "what does it hold".
 */
export async function domainDetails(xl: XlClient): Promise<DomainDetail[]> {
  return xl.listLong();
}

/** The domid of a running qube, or a clear refusal naming what it is for. */
export function runningDomid(domains: readonly DomainDetail[], qube: string, role: string): number {
  const domid = domains.find((d) => d.name === qube)?.domid;
  if (domid === undefined) throw new CommandError(`${qube} is not running (${role} must be)`, 1, 'failed');
  return domid;
}

/** A backend lends to other qubes; handing a device back to its own backend would only tangle it. */
export function notItsOwnBackend(what: string, qube: string, backend: string): void {
  if (qube === backend) throw new CommandError(`${what}: ${qube} is the backend itself`, 1, 'usage');
}

/** Whether libxl's backend_domname-or-domid of a device names `backend` (whose domid is `domid`). */
export function isBackend(backendDomain: string | undefined, backend: string, domid: number): boolean {
  return backendDomain === backend || backendDomain === String(domid);
}

/** Runs an xl step, turning xl's failure into what the user is told. */
export async function xlStep<T>(what: string, step: () => Promise<T>, explain: (detail: string) => string | undefined = () => undefined): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (!(e instanceof XenError)) throw e;
    const detail = e.detail.trim();
    throw new CommandError(`${what}: ${explain(detail) ?? (detail || e.message)}`, 1, 'failed');
  }
}
