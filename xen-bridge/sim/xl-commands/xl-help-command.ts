/** `xl help [Command]`. */
import { XL_HELP, commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

export async function runHelp(ctx: XlContext, args: readonly string[]): Promise<number> {
  const command = args[0];
  ctx.out(command === undefined ? XL_HELP : commandHelp(command));
  return 0;
}
