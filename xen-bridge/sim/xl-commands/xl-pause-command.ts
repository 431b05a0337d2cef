/**
 * `xl pause Domain` / `xl unpause Domain`. A missing numeric domid gets
 * libxl's error but exit code 0: real xl ignores the result of the call.
 */
import { findGuest, resolveDomain } from '../domain-ref.js';
import { noSuchProcess } from '../libxl-messages.js';
import { withSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

async function run(ctx: XlContext, args: readonly string[], pause: boolean): Promise<number> {
  const name = pause ? 'pause' : 'unpause';
  const parsed = xlGetopt(ctx, args, [], name, 1, () => commandHelp(name));
  if (!parsed.ok) return parsed.exitCode;
  const qualifier = parsed.value.positional[0] ?? '';
  // undefined: nothing to tell the supervisor (bad name, Domain-0 or no such domid).
  let target: number | undefined;
  let badName = false;
  await withSimState(
    ctx.simDir,
    (state) => {
      const domid = resolveDomain(ctx, state, qualifier);
      if (domid === undefined) {
        badName = true;
        return;
      }
      if (domid === 0) return;
      const d = findGuest(state, domid);
      if (!d) {
        ctx.err(pause ? noSuchProcess('libxl_domain_pause', 587, domid, 'Pausing domain') : noSuchProcess('libxl_domain_unpause', 620, domid, 'Unpausing domain'));
        return;
      }
      d.paused = pause;
      target = domid;
    },
    ctx.env,
  );
  if (badName) return 1;
  if (target === undefined) return 0;
  const { controlDomain } = await import('../supervisor/supervisor-control.js');
  await controlDomain(ctx.simDir, target, name);
  return 0;
}

export function runPause(ctx: XlContext, args: readonly string[]): Promise<number> {
  return run(ctx, args, true);
}

export function runUnpause(ctx: XlContext, args: readonly string[]): Promise<number> {
  return run(ctx, args, false);
}
