/** `xl claims`: `xl list` with the Claimed column; nothing is ever claimed ahead on the simulated host. */
import { allDomainViews } from '../host-model.js';
import { readSimState } from '../sim-state.js';
import type { XlContext } from '../xl-context.js';
import { formatXlList } from '../format/xl-list-format.js';

export async function runClaims(ctx: XlContext): Promise<number> {
  const views = allDomainViews(ctx.simDir, readSimState(ctx.simDir, ctx.env));
  ctx.out(formatXlList(views, { verbose: false, context: false, cpupool: false, numa: false, claim: true }));
  return 0;
}
