/** `xl cpupool-list [-c]`: the one pool, Pool-0, holding every CPU and every domain. */
import { hostCpuCount } from '../host-model.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { left, right } from '../format/printf-fields.js';

export async function runCpupoolList(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [{ short: 'c', long: 'cpus' }], 'cpupool-list', 0, () => commandHelp('cpupool-list'));
  if (!parsed.ok) return parsed.exitCode;
  const cpus = hostCpuCount();
  if (parsed.value.opts.has('c')) {
    ctx.out(`${left('Name', 19)}CPU list\n${left('Pool-0', 19)}${Array.from({ length: cpus }, (_, i) => i).join(',')}\n`);
    return 0;
  }
  const domains = readSimState(ctx.simDir, ctx.env).domains.length + 1;
  ctx.out(`${left('Name', 19)}CPUs   Sched     Active   Domain count\n`);
  ctx.out(`${left('Pool-0', 19)}${right(cpus, 3)} ${right('credit2', 9)}       y       ${right(domains, 4)}\n`);
  return 0;
}
