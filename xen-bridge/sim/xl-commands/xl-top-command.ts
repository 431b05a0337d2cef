/** `xl top` runs xentop's curses screen; without a terminal real xl prints this and exits 0. */
import type { XlContext } from '../xl-context.js';

export async function runTop(ctx: XlContext): Promise<number> {
  if (process.stdout.isTTY) {
    ctx.err('xl top: the simulated host has no interactive xentop; use xentop -b\n');
    return 1;
  }
  ctx.err('Error opening terminal: unknown.\n');
  return 0;
}
