/** `xl info [-n]`. */
import { freeMemoryMiB, hostCpuCount } from '../host-model.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { formatXlInfo } from '../format/xl-info-format.js';

export async function runInfo(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [{ short: 'n', long: 'numa' }], 'info', 0, () => commandHelp('info'));
  if (!parsed.ok) return parsed.exitCode;
  const state = readSimState(ctx.simDir, ctx.env);
  ctx.out(formatXlInfo({ nrCpus: hostCpuCount(), totalMemoryMiB: state.totalMemoryMiB, freeMemoryMiB: freeMemoryMiB(state) }, parsed.value.opts.has('n')));
  return 0;
}
