/** start, shutdown, kill, pause, unpause, restart: the lifecycle of existing qubes (qvm-start, qvm-shutdown, …). */
import type { DaemonContext } from '../../daemon/daemon-context.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { flag, forEachQube, mustExist, qubeList } from './command-helpers.js';

const QUBES = { name: 'qubes', help: 'the qubes to act on', type: 'qube', variadic: true, required: true, complete: 'qubes' } as const;

export const startCommand: CommandSpec<DaemonContext> = {
  name: 'start',
  summary: 'start qubes, and the netvms they need first',
  role: 'operator',
  mutating: true,
  args: [QUBES],
  options: [],
  handler: (ctx, args) =>
    forEachQube(qubeList(args), async (n) => {
      mustExist(ctx, n);
      const started = await ctx.lifecycle.start(n);
      return started.length > 1 ? `started ${started.join(', ')}` : `started ${n}`;
    }),
};

export const shutdownCommand: CommandSpec<DaemonContext> = {
  name: 'shutdown',
  summary: 'shut qubes down (refused for a netvm in use, unless --force)',
  role: 'operator',
  mutating: true,
  args: [{ ...QUBES, required: false }],
  options: [
    { name: 'all', help: 'every running qube', type: 'boolean' },
    { name: 'force', short: 'f', help: 'shut down qubes that use it as netvm first', type: 'boolean' },
    { name: 'wait', short: 'w', help: 'wait until they have halted', type: 'boolean' },
    { name: 'timeout', help: 'with --wait: seconds before a qube is killed (default 60)', type: 'int', metavar: 'SEC' },
  ],
  handler: async (ctx, args) => {
    let names = qubeList(args);
    if (flag(args, 'all')) {
      await ctx.lifecycle.refresh();
      // Downstream first, so no netvm is asked to stop while its users run.
      names = ctx.registry.list().filter((q) => q.klass !== 'AdminVM' && ctx.lifecycle.isRunning(q.name)).map((q) => q.name).reverse();
    } else if (names.length === 0) throw new CommandError('shutdown: name the qubes, or use --all', 2, 'usage');
    const timeout = typeof args.options.timeout === 'number' ? args.options.timeout * 1000 : undefined;
    return forEachQube(names, async (n) => {
      mustExist(ctx, n);
      if (flag(args, 'all') && !ctx.lifecycle.isRunning(n)) return `${n} already halted`;
      const order = await ctx.lifecycle.shutdown(n, {
        force: flag(args, 'force') || flag(args, 'all'),
        wait: flag(args, 'wait') || flag(args, 'all'),
        ...(timeout === undefined ? {} : { timeoutMs: timeout }),
      });
      return `shut down ${order.join(', ')}`;
    });
  },
};

/** A command that does one thing to each named qube and says so. */
function perQubeCommand(name: string, summary: string, done: string, act: (ctx: DaemonContext, qube: string) => Promise<void>): CommandSpec<DaemonContext> {
  return {
    name,
    summary,
    role: 'operator',
    mutating: true,
    args: [QUBES],
    options: [],
    handler: (ctx, args) =>
      forEachQube(qubeList(args), async (n) => {
        mustExist(ctx, n);
        await act(ctx, n);
        return `${done} ${n}`;
      }),
  };
}

export const killCommand = perQubeCommand('kill', 'destroy running qubes at once (xl destroy)', 'killed', (ctx, n) => ctx.lifecycle.kill(n));
export const pauseCommand = perQubeCommand('pause', 'pause running qubes', 'paused', (ctx, n) => ctx.lifecycle.pause(n));
export const unpauseCommand = perQubeCommand('unpause', 'let paused qubes run again', 'unpaused', (ctx, n) => ctx.lifecycle.unpause(n));

export const restartCommand: CommandSpec<DaemonContext> = {
  name: 'restart',
  summary: 'shut qubes down, wait, and start them again',
  role: 'operator',
  mutating: true,
  args: [QUBES],
  options: [{ name: 'timeout', help: 'seconds before a qube that does not halt is killed (default 60)', type: 'int', metavar: 'SEC' }],
  handler: (ctx, args) =>
    forEachQube(qubeList(args), async (n) => {
      mustExist(ctx, n);
      await ctx.lifecycle.restart(n, typeof args.options.timeout === 'number' ? { timeoutMs: args.options.timeout * 1000 } : {});
      return `restarted ${n}`;
    }),
};

export const createDispvmCommand: CommandSpec<DaemonContext> = {
  name: 'create-dispvm',
  aliases: ['dispvm'],
  summary: 'start a new disposable qube (removed when it halts)',
  role: 'operator',
  mutating: true,
  args: [{ name: 'base', help: 'disposable template (default: the global default_dispvm)', type: 'qube', complete: 'qubes' }],
  options: [],
  handler: async (ctx, args) => {
    const given = args.positional.base;
    const base = typeof given === 'string' ? given : ctx.registry.getGlobal('default_dispvm').value;
    const name = await ctx.lifecycle.createDisposable(typeof base === 'string' ? base : null);
    return { data: { qube: name }, text: `${name}\n` };
  },
};
