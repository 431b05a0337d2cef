/** `xl vcpu-list [Domain…]`: the header is printed before any domain is looked up, as in real xl. */
import { allDomainViews, hostCpuCount } from '../host-model.js';
import { resolveDomain } from '../domain-ref.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { VCPU_LIST_HEADER, formatVcpuRows } from '../format/vcpu-list-format.js';

export async function runVcpuList(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'vcpu-list', 0, () => commandHelp('vcpu-list'));
  if (!parsed.ok) return parsed.exitCode;
  const state = readSimState(ctx.simDir, ctx.env);
  const views = allDomainViews(ctx.simDir, state);
  const nrCpus = hostCpuCount();
  ctx.out(VCPU_LIST_HEADER);
  const { positional } = parsed.value;
  if (positional.length === 0) {
    ctx.out(views.map((v) => formatVcpuRows(v, nrCpus)).join(''));
    return 0;
  }
  for (const qualifier of positional) {
    const domid = resolveDomain(ctx, state, qualifier);
    if (domid === undefined) return 1;
    const v = views.find((x) => x.domid === domid);
    if (v) ctx.out(formatVcpuRows(v, nrCpus));
  }
  return 0;
}
