/**
 * The common shape of xl commands that change one running guest's record:
 * resolve the domain argument under the state lock, fail as real xl does for
 * an unknown name or domid, otherwise apply the change.
 */
import { findGuest, resolveDomain } from './domain-ref.js';
import { withSimState, type SimDomain, type SimState } from './sim-state.js';
import type { XlContext } from './xl-context.js';

/** The change returns an exit code; non-zero leaves the state as it was. */
export type GuestChange = (d: SimDomain, state: SimState) => number;

export async function updateGuest(ctx: XlContext, qualifier: string, change: GuestChange, missing: (domid: number) => string): Promise<number> {
  let snapshot = '';
  return withSimState(
    ctx.simDir,
    (state) => {
      const domid = resolveDomain(ctx, state, qualifier);
      if (domid === undefined) return 1;
      const d = findGuest(state, domid);
      if (!d) {
        ctx.err(missing(domid));
        return 1;
      }
      snapshot = JSON.stringify(state);
      const code = change(d, state);
      // A refused change must not leave a half-applied record behind.
      if (code !== 0) Object.assign(state, JSON.parse(snapshot) as SimState);
      return code;
    },
    ctx.env,
  );
}
