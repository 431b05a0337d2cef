/** `xl console [-t pv|serial] [-n N] Domain`: hands the terminal to the guest's console client. */
import { domainExists, resolveDomain } from '../domain-ref.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

const OPTIONS = [
  { short: 't', takesValue: true },
  { short: 'n', takesValue: true },
];

export async function runConsole(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, OPTIONS, 'console', 1, () => commandHelp('console'));
  if (!parsed.ok) return parsed.exitCode;
  const type = parsed.value.opts.get('t');
  if (type !== undefined && type !== 'pv' && type !== 'serial') {
    ctx.err(`Invalid console type ${type}\n`);
    return 1;
  }
  const state = readSimState(ctx.simDir, ctx.env);
  const domid = resolveDomain(ctx, state, parsed.value.positional[0] ?? '');
  if (domid === undefined) return 1;
  if (domid === 0 || !domainExists(state, domid)) {
    ctx.err(`libxl: error: libxl_console.c:146:libxl__console_tty_path: Domain ${domid}:Unable to get console tty path\n`);
    return 1;
  }
  const { runConsoleClient } = await import('../supervisor/console-client.js');
  return runConsoleClient(ctx.simDir, domid);
}
