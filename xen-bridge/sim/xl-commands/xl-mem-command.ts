/** `xl mem-set Domain SIZE` and `xl mem-max Domain SIZE`: the guest's memory target and ceiling. */
import { updateGuest } from '../guest-update.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

/** xl's parse_mem_size_kb(): a number with an optional b/k/m/g/t suffix; no suffix means KiB. */
export function parseMemSizeKb(text: string): number | undefined {
  const m = /^(\d+)([bkmgtBKMGT]?)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  switch ((m[2] ?? '').toLowerCase()) {
    case 'b':
      return Math.floor(n / 1024);
    case '':
    case 'k':
      return n;
    case 'm':
      return n * 1024;
    case 'g':
      return n * 1024 * 1024;
    default:
      return n * 1024 * 1024 * 1024;
  }
}

async function run(ctx: XlContext, args: readonly string[], which: 'mem-set' | 'mem-max'): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], which, 2, () => commandHelp(which));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', sizeText = ''] = parsed.value.positional;
  return updateGuest(
    ctx,
    qualifier,
    // Real xl looks the domain up before it reads the size, so a bad name wins over a bad size.
    (d) => {
      const kb = parseMemSizeKb(sizeText);
      if (kb === undefined) {
        ctx.err(`invalid memory size: ${sizeText}\n`);
        return 1;
      }
      const mib = Math.max(1, Math.floor(kb / 1024));
      if (which === 'mem-max') {
        d.maxmemMiB = mib;
        return 0;
      }
      if (mib > d.maxmemMiB) {
        ctx.err(`libxl: error: libxl_mem.c:331:libxl_set_memory_target: Domain ${d.domid}:memory_dynamic_max must be less than or equal to memory_static_max\n\n`);
        return 1;
      }
      d.memoryMiB = mib;
      return 0;
    },
    (domid) => `libxl: error: libxl_mem.c:${which === 'mem-set' ? 292 : 96}:libxl_${which === 'mem-set' ? 'set_memory_target' : 'domain_setmaxmem'}: Domain ${domid}:Cannot get domain info: No such process\n`,
  );
}

export function runMemSet(ctx: XlContext, args: readonly string[]): Promise<number> {
  return run(ctx, args, 'mem-set');
}

export function runMemMax(ctx: XlContext, args: readonly string[]): Promise<number> {
  return run(ctx, args, 'mem-max');
}
