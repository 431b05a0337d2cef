/** `xl vm-list`: UUID, domid and name of every domain (xl_misc.c's fixed layout). */
import { allDomainViews } from '../host-model.js';
import { readSimState } from '../sim-state.js';
import type { XlContext } from '../xl-context.js';
import { left } from '../format/printf-fields.js';

export async function runVmList(ctx: XlContext): Promise<number> {
  const views = allDomainViews(ctx.simDir, readSimState(ctx.simDir, ctx.env));
  ctx.out('UUID                                  ID    name\n');
  ctx.out(views.map((v) => `${v.uuid}  ${v.domid}    ${left(v.name, 30)}\n`).join(''));
  return 0;
}
