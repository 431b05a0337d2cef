/** create, clone, remove: qubes coming and going (qvm-create, qvm-clone, qvm-remove). */
import type { DaemonContext } from '../../daemon/daemon-context.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { flag, forEachQube, mustExist, qubeList, str } from './command-helpers.js';

/** `--prop key=value` pairs, as qvm-create takes them. */
function propPairs(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of Array.isArray(raw) ? (raw as string[]) : []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CommandError(`--prop takes NAME=VALUE, not ${JSON.stringify(p)}`, 2, 'usage');
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

export const createCommand: CommandSpec<DaemonContext> = {
  name: 'create',
  summary: 'create a qube (qvm-create)',
  role: 'admin',
  mutating: true,
  args: [{ name: 'name', help: 'name of the new qube', type: 'qube', required: true }],
  options: [
    { name: 'label', short: 'l', help: 'label (colour)', type: 'enum', values: ['red', 'orange', 'yellow', 'green', 'gray', 'blue', 'purple', 'black'] },
    { name: 'class', short: 'C', help: 'class of the qube (default AppVM)', type: 'enum', values: ['AppVM', 'TemplateVM', 'StandaloneVM'] },
    { name: 'template', short: 't', help: 'template of an AppVM', type: 'string', metavar: 'QUBE' },
    { name: 'prop', short: 'P', help: 'set a property, NAME=VALUE (repeatable)', type: 'string', repeat: true, metavar: 'NAME=VALUE' },
  ],
  handler: async (ctx, args) => {
    const name = str(args, 'name') ?? '';
    const label = str(args, 'label');
    if (!label) throw new CommandError('create: --label is required (Qubes gives every qube a colour)', 2, 'usage');
    const klass = str(args, 'class') ?? 'AppVM';
    const props: Record<string, unknown> = { ...propPairs(args.options.prop), label };
    const template = str(args, 'template');
    if (template !== undefined) props.template = template;
    ctx.registry.add(klass, name, props);
    try {
      ctx.pool.create(name, klass === 'TemplateVM' ? 'TemplateVM' : klass === 'StandaloneVM' ? 'StandaloneVM' : 'AppVM');
    } catch (e) {
      ctx.registry.remove(name);
      throw e;
    }
    await ctx.flush();
    return { data: { qube: name, class: klass }, text: `created ${name}\n` };
  },
};

export const cloneCommand: CommandSpec<DaemonContext> = {
  name: 'clone',
  summary: 'copy a qube with its volumes under a new name (qvm-clone)',
  role: 'admin',
  mutating: true,
  args: [
    { name: 'source', help: 'the qube to copy', type: 'qube', required: true, complete: 'qubes' },
    { name: 'name', help: 'name of the copy', type: 'qube', required: true },
  ],
  options: [],
  handler: async (ctx, args) => {
    const source = str(args, 'source') ?? '';
    const name = str(args, 'name') ?? '';
    mustExist(ctx, source);
    if (ctx.lifecycle.isRunning(source) && ctx.registry.get(source)?.klass !== 'AppVM') {
      throw new CommandError(`clone: ${source} is running; shut it down first so its root volume is consistent`, 1, 'conflict');
    }
    ctx.registry.clone(source, name);
    try {
      ctx.pool.clone(source, name);
    } catch (e) {
      ctx.registry.remove(name);
      throw e;
    }
    await ctx.flush();
    return { data: { qube: name, source }, text: `cloned ${source} to ${name}\n` };
  },
};

export const removeCommand: CommandSpec<DaemonContext> = {
  name: 'remove',
  aliases: ['rm'],
  summary: 'remove halted qubes and their volumes (qvm-remove)',
  role: 'admin',
  mutating: true,
  args: [{ name: 'qubes', help: 'the qubes to remove', type: 'qube', variadic: true, required: true, complete: 'halted-qubes' }],
  options: [{ name: 'force', short: 'f', help: 'kill a running qube first', type: 'boolean' }],
  handler: (ctx, args) =>
    forEachQube(qubeList(args), async (n) => {
      mustExist(ctx, n);
      if (ctx.registry.get(n)?.klass === 'AdminVM') throw new CommandError('remove: dom0 cannot be removed', 1, 'conflict');
      await ctx.lifecycle.refresh();
      if (ctx.lifecycle.isRunning(n)) {
        if (!flag(args, 'force')) throw new CommandError(`remove: ${n} is running; shut it down first, or use --force`, 1, 'conflict');
        await ctx.lifecycle.kill(n);
      }
      ctx.registry.remove(n);
      // Volumes go only once the registry file no longer names the qube.
      await ctx.flush();
      ctx.pool.remove(n);
      return `removed ${n}`;
    }),
};
