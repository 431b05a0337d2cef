/**
 * `xl sched-credit2 [-d Domain] [-s]` and `xl sched-credit`: the host runs
 * credit2 with libxl's defaults (weight 256, no cap, 1000us rate limit), so
 * credit has no pools to show.
 */
import { allDomainViews } from '../host-model.js';
import { resolveDomain } from '../domain-ref.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { left, right } from '../format/printf-fields.js';

const OPTIONS = [
  { short: 'd', long: 'domain', takesValue: true },
  { short: 's', long: 'schedparam' },
  { short: 'p', long: 'cpupool', takesValue: true },
  { short: 'w', long: 'weight', takesValue: true },
  { short: 'c', long: 'cap', takesValue: true },
  { short: 'r', long: 'ratelimit_us', takesValue: true },
];

const POOL_LINE = 'Cpupool Pool-0: ratelimit=1000us\n';
const HEADER = `${left('Name', 33)} ${right('ID', 4)} ${right('Weight', 6)} ${right('Cap', 4)}\n`;

export async function runSchedCredit2(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, OPTIONS, 'sched-credit2', 0, () => commandHelp('sched-credit2'));
  if (!parsed.ok) return parsed.exitCode;
  const { opts } = parsed.value;
  if (opts.has('s')) {
    ctx.out(POOL_LINE);
    return 0;
  }
  const state = readSimState(ctx.simDir, ctx.env);
  let views = allDomainViews(ctx.simDir, state);
  const qualifier = opts.get('d');
  if (qualifier !== undefined) {
    const domid = resolveDomain(ctx, state, qualifier);
    if (domid === undefined) return 1;
    views = views.filter((v) => v.domid === domid);
  } else {
    ctx.out(POOL_LINE);
  }
  ctx.out(HEADER + views.map((v) => `${left(v.name, 33)} ${right(v.domid, 4)} ${right(256, 6)} ${right(0, 4)}\n`).join(''));
  return 0;
}

export async function runSchedCredit(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, OPTIONS, 'sched-credit', 0, () => commandHelp('sched-credit'));
  return parsed.ok ? 0 : parsed.exitCode;
}
