/**
 * `xl rename Domain NewName`. The guest's folder is named after the domain,
 * so it moves too (a running shell keeps its working directory: it follows
 * the inode, not the path).
 */
import { existsSync, renameSync } from 'node:fs';
import { domidOfName, findGuest, resolveDomain } from '../domain-ref.js';
import { nameExists } from '../libxl-messages.js';
import { appendXenstoreEvents, domainFolder, withSimState } from '../sim-state.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

export async function runRename(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [], 'rename', 2, () => commandHelp('rename'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', newName = ''] = parsed.value.positional;
  const renamed = await withSimState(
    ctx.simDir,
    (state): number | 'bad-name' | 'failed' => {
      const domid = resolveDomain(ctx, state, qualifier);
      if (domid === undefined) return 'bad-name';
      const d = findGuest(state, domid);
      const holder = domidOfName(state, newName);
      if (!d || (holder !== undefined && holder !== domid)) {
        if (holder !== undefined && holder !== domid) ctx.err(nameExists(domid, newName));
        ctx.err(`Can't rename domain '${qualifier}'.\n`);
        return 'failed';
      }
      const from = domainFolder(ctx.simDir, d.name);
      const to = domainFolder(ctx.simDir, newName);
      if (d.name !== newName && existsSync(from) && !existsSync(to)) renameSync(from, to);
      d.name = newName;
      d.config = { ...d.config, name: newName };
      return domid;
    },
    ctx.env,
  );
  if (typeof renamed !== 'number') return 1;
  appendXenstoreEvents(ctx.simDir, [`/local/domain/${renamed}/name`]);
  return 0;
}
