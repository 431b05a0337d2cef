/** `xl channel-list Domain…`: simulated guests have no channels, so only the header (as for real test1). */
import { resolveDomain } from '../domain-ref.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { CHANNEL_LIST_HEADER } from '../format/device-list-format.js';

export async function runChannelList(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'channel-list', 1, () => commandHelp('channel-list'));
  if (!parsed.ok) return parsed.exitCode;
  const state = readSimState(ctx.simDir, ctx.env);
  ctx.out(CHANNEL_LIST_HEADER);
  for (const qualifier of parsed.value.positional) if (resolveDomain(ctx, state, qualifier) === undefined) return 1;
  return 0;
}
