/** features and tags of a qube (qvm-features, qvm-tags). */
import type { DaemonContext } from '../../daemon/daemon-context.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { flag, mustExist, qubeList, str } from './command-helpers.js';

export const featuresCommand: CommandSpec<DaemonContext> = {
  name: 'features',
  summary: "show or change a qube's features (qvm-features)",
  role: 'viewer',
  mutating: false,
  args: [
    { name: 'qube', help: 'the qube', type: 'qube', required: true, complete: 'qubes' },
    { name: 'feature', help: 'one feature', type: 'string' },
    { name: 'value', help: 'new value', type: 'string' },
  ],
  options: [{ name: 'unset', help: 'remove the feature', type: 'boolean' }],
  handler: async (ctx, args, caller) => {
    const qube = str(args, 'qube') ?? '';
    mustExist(ctx, qube);
    const feature = str(args, 'feature');
    const value = str(args, 'value');
    const all = ctx.registry.features(qube);
    if (feature === undefined) {
      const text = Object.entries(all).map(([k, v]) => `${k}  ${v}\n`).join('');
      return { data: all, text };
    }
    if (value === undefined && !flag(args, 'unset')) {
      if (!(feature in all)) throw new CommandError(`${qube} has no feature ${feature}`, 1, 'not-found');
      return { data: all[feature], text: `${all[feature]}\n` };
    }
    ctx.requireRight(caller, 'features-set');
    if (flag(args, 'unset')) ctx.registry.removeFeature(qube, feature);
    else ctx.registry.setFeature(qube, feature, value ?? '');
    await ctx.flush();
    return { data: ctx.registry.features(qube) };
  },
};

export const tagsCommand: CommandSpec<DaemonContext> = {
  name: 'tags',
  summary: "list, add or remove a qube's tags (qvm-tags QUBE [list|add|del] TAG…)",
  role: 'viewer',
  mutating: false,
  args: [
    { name: 'qube', help: 'the qube', type: 'qube', required: true, complete: 'qubes' },
    { name: 'action', help: 'list (default), add or del', type: 'string' },
    { name: 'tags', help: 'tags to add or remove', type: 'string', variadic: true },
  ],
  options: [],
  handler: async (ctx, args, caller) => {
    const qube = str(args, 'qube') ?? '';
    mustExist(ctx, qube);
    const action = str(args, 'action') ?? 'list';
    const tags = qubeList(args, 'tags');
    if (action === 'list') return { data: ctx.registry.tags(qube), text: ctx.registry.tags(qube).map((t) => `${t}\n`).join('') };
    if (action !== 'add' && action !== 'del') throw new CommandError(`tags: the action is list, add or del, not ${JSON.stringify(action)}`, 2, 'usage');
    if (tags.length === 0) throw new CommandError(`tags: name the tags to ${action === 'add' ? 'add' : 'remove'}`, 2, 'usage');
    ctx.requireRight(caller, 'tags-set');
    for (const t of tags) {
      if (action === 'add') ctx.registry.addTag(qube, t);
      else ctx.registry.removeTag(qube, t);
    }
    await ctx.flush();
    return { data: ctx.registry.tags(qube) };
  },
};
