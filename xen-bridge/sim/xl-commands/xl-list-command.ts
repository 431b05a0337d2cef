/** `xl list [-l] [-v] [-Z] [-c] [-n] [Domain…]`. */
import { allDomainViews } from '../host-model.js';
import { domainExists, resolveDomain } from '../domain-ref.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { XL_LIST_HELP } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { formatXlList } from '../format/xl-list-format.js';
import { formatXlListLong } from '../format/xl-list-long-format.js';

const OPTIONS = [
  { short: 'l', long: 'long' },
  { short: 'v', long: 'verbose' },
  { short: 'Z', long: 'context' },
  { short: 'c', long: 'cpupool' },
  { short: 'n', long: 'numa' },
];

export async function runList(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, OPTIONS, 'list', 0, () => XL_LIST_HELP);
  if (!parsed.ok) return parsed.exitCode;
  const { opts, positional } = parsed.value;
  const state = readSimState(ctx.simDir, ctx.env);
  let views = allDomainViews(ctx.simDir, state);
  // Real xl lists only the first domain argument.
  const wanted = positional[0];
  if (wanted !== undefined) {
    const domid = resolveDomain(ctx, state, wanted);
    if (domid === undefined) return 1;
    if (!domainExists(state, domid)) {
      ctx.err(`Error: Domain '${wanted}' does not exist.\n`);
      return 1;
    }
    views = views.filter((v) => v.domid === domid);
  }
  if (opts.has('l')) {
    ctx.out(formatXlListLong(state, views.map((v) => v.domid)));
    return 0;
  }
  ctx.out(formatXlList(views, { verbose: opts.has('v'), context: opts.has('Z'), cpupool: opts.has('c'), numa: opts.has('n') }));
  return 0;
}
