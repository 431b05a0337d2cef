/** `xl domid Name` and `xl domname Id`. */
import { domidOfName, findGuest } from '../domain-ref.js';
import { DOM0_NAME } from '../host-model.js';
import { readSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

export async function runDomid(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'domid', 1, () => commandHelp('domid'));
  if (!parsed.ok) return parsed.exitCode;
  const name = parsed.value.positional[0] ?? '';
  const domid = domidOfName(readSimState(ctx.simDir, ctx.env), name);
  if (domid === undefined) {
    ctx.err(`Can't get domid of domain name '${name}', maybe this domain does not exist.\n`);
    return 1;
  }
  ctx.out(`${domid}\n`);
  return 0;
}

export async function runDomname(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'domname', 1, () => commandHelp('domname'));
  if (!parsed.ok) return parsed.exitCode;
  const idText = parsed.value.positional[0] ?? '';
  const domid = /^\d+$/.test(idText) ? Number(idText) : -1;
  const name = domid === 0 ? DOM0_NAME : findGuest(readSimState(ctx.simDir, ctx.env), domid)?.name;
  if (name === undefined) {
    ctx.err(`Can't get domain name of domain id '${idText}', maybe this domain does not exist.\n`);
    return 1;
  }
  ctx.out(`${name}\n`);
  return 0;
}
