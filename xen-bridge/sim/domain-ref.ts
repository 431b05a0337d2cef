/**
 * How xl turns a command-line domain argument into a domid
 * (libxl_domain_qualifier_to_domid): all digits is a domid, taken as is even
 * if no such domain exists (the later libxl call then fails in its own way);
 * anything else is a name, and an unknown name is rejected right here.
 */
import { DOM0_NAME } from './host-model.js';
import type { SimDomain, SimState } from './sim-state.js';
import type { XlContext } from './xl-context.js';

/** libxl's ERROR_INVAL, the rc real xl prints for an unknown name. */
const ERROR_INVAL = -6;

export function domidOfName(state: SimState, name: string): number | undefined {
  if (name === DOM0_NAME) return 0;
  return state.domains.find((d) => d.name === name)?.domid;
}

/** The domid, or undefined after printing xl's "invalid domain identifier" message. */
export function resolveDomain(ctx: XlContext, state: SimState, qualifier: string): number | undefined {
  if (/^\d+$/.test(qualifier)) return Number(qualifier);
  const domid = domidOfName(state, qualifier);
  if (domid === undefined) ctx.err(`${qualifier} is an invalid domain identifier (rc=${ERROR_INVAL})\n`);
  return domid;
}

export function findGuest(state: SimState, domid: number): SimDomain | undefined {
  return state.domains.find((d) => d.domid === domid);
}

export function domainExists(state: SimState, domid: number): boolean {
  return domid === 0 || findGuest(state, domid) !== undefined;
}

/** Name of a backend domain for device listings: its domid, 0 (dom0) when absent or gone. */
export function backendDomid(state: SimState, backend: string | undefined): number {
  if (!backend) return 0;
  return domidOfName(state, backend) ?? 0;
}
