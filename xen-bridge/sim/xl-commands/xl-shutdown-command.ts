/**
 * `xl shutdown [-w] [-a] [-F] [Domain]` and `xl reboot [-w] [-a] [-F] [Domain]`:
 * ask the guest (through its supervisor) to stop or restart; with -w, wait
 * until the domain has left the state, as real xl waits for @releaseDomain.
 */
import { findGuest, resolveDomain } from '../domain-ref.js';
import { readSimState, withSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

type Op = 'shutdown' | 'reboot';

const OPTIONS = [{ short: 'a', long: 'all' }, { short: 'w', long: 'wait' }, { short: 'F' }];
const WAIT_POLL_MS = 100;

async function markShuttingDown(ctx: XlContext, domid: number): Promise<boolean> {
  return withSimState(
    ctx.simDir,
    (state) => {
      const d = findGuest(state, domid);
      if (d) d.shuttingDown = true;
      return d !== undefined;
    },
    ctx.env,
  );
}

async function waitGone(ctx: XlContext, domids: readonly number[]): Promise<void> {
  const pending = new Set(domids);
  ctx.err(`Waiting for ${pending.size} domains\n`);
  while (pending.size > 0) {
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
    const state = readSimState(ctx.simDir, ctx.env);
    for (const domid of [...pending]) {
      if (!findGuest(state, domid)) {
        pending.delete(domid);
        ctx.err(`Domain ${domid} has been shut down, reason code ${0}\n`);
      }
    }
  }
}

async function run(ctx: XlContext, args: readonly string[], op: Op): Promise<number> {
  const parsed = xlGetopt(ctx, args, OPTIONS, op, 0, () => commandHelp(op));
  if (!parsed.ok) return parsed.exitCode;
  const { opts, positional } = parsed.value;
  const all = opts.has('a');
  const qualifier = positional[0];
  if (all === (qualifier !== undefined)) {
    ctx.err('You must specify -a or a domain id.\n\n');
    return 1;
  }
  const state = readSimState(ctx.simDir, ctx.env);
  let domids: number[];
  if (all) {
    domids = state.domains.map((d) => d.domid);
  } else {
    const domid = resolveDomain(ctx, state, qualifier ?? '');
    if (domid === undefined) return 1;
    domids = [domid];
  }
  const { controlDomain } = await import('../supervisor/supervisor-control.js');
  const verb = op === 'shutdown' ? 'Shutting down' : 'Rebooting';
  for (const domid of domids) {
    ctx.err(`${verb} domain ${domid}\n`);
    // Domain-0 is the host itself: the simulated host does not go down with it.
    const exists = domid !== 0 && (op === 'reboot' ? findGuest(state, domid) !== undefined : await markShuttingDown(ctx, domid));
    if (!exists) {
      ctx.err(`libxl: error: libxl_domain.c:1574:libxl__domain_pvcontrol: Domain ${domid}:Unable to ${op} domain: No such process\n`);
      ctx.err(`${op} failed (rc=-3)\n`);
      return 1;
    }
    await controlDomain(ctx.simDir, domid, op);
  }
  if (opts.has('w')) await waitGone(ctx, domids);
  return 0;
}

export function runShutdown(ctx: XlContext, args: readonly string[]): Promise<number> {
  return run(ctx, args, 'shutdown');
}

export function runReboot(ctx: XlContext, args: readonly string[]): Promise<number> {
  return run(ctx, args, 'reboot');
}
