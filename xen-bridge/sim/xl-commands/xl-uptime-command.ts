/** `xl uptime [-s] [Domain…]`. */
import { allDomainViews } from '../host-model.js';
import { resolveDomain } from '../domain-ref.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { UPTIME_HEADER, formatUptimeRow } from '../format/uptime-format.js';

export async function runUptime(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [{ short: 's' }], 'uptime', 0, () => commandHelp('uptime'));
  if (!parsed.ok) return parsed.exitCode;
  const short = parsed.value.opts.has('s');
  const state = readSimState(ctx.simDir, ctx.env);
  let views = allDomainViews(ctx.simDir, state);
  const { positional } = parsed.value;
  if (positional.length > 0) {
    const wanted: number[] = [];
    for (const qualifier of positional) {
      const domid = resolveDomain(ctx, state, qualifier);
      if (domid === undefined) return 1;
      wanted.push(domid);
    }
    views = views.filter((v) => wanted.includes(v.domid));
  }
  const now = new Date();
  if (!short) ctx.out(UPTIME_HEADER);
  ctx.out(views.map((v) => formatUptimeRow(v.name, v.domid, (now.getTime() - v.createdAtMs) / 1000, short, now)).join(''));
  return 0;
}
