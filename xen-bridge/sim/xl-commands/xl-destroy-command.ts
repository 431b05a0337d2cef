/** `xl destroy [-f] Domain`: kill the guest's whole process tree at once. */
import { findGuest, resolveDomain } from '../domain-ref.js';
import { destroyMissing } from '../libxl-messages.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

export async function runDestroy(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [{ short: 'f' }], 'destroy', 1, () => commandHelp('destroy'));
  if (!parsed.ok) return parsed.exitCode;
  const state = readSimState(ctx.simDir, ctx.env);
  const domid = resolveDomain(ctx, state, parsed.value.positional[0] ?? '');
  if (domid === undefined) return 1;
  if (domid === 0) {
    ctx.err('Not destroying domain 0; use -f to force.\nThis can only be done when using a disaggregated hardware domain and toolstack.\n\n');
    return 1;
  }
  if (!findGuest(state, domid)) {
    ctx.err(destroyMissing(domid));
    return 1;
  }
  const { destroyDomain } = await import('../supervisor/supervisor-control.js');
  try {
    await destroyDomain(ctx.simDir, domid);
  } catch (e) {
    // Another xl destroyed it first: report it as real xl reports a domid that is gone.
    if (findGuest(readSimState(ctx.simDir, ctx.env), domid)) throw e;
    ctx.err(destroyMissing(domid));
    return 1;
  }
  return 0;
}
