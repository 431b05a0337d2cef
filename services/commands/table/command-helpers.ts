/** Small pieces several command handlers share. */
import type { DaemonContext } from '../../daemon/daemon-context.js';
import { CommandError, type CommandResult, type ParsedArgs } from '../command-spec.js';

export function mustExist(ctx: DaemonContext, name: string): void {
  if (!ctx.registry.has(name)) throw new CommandError(`no qube named ${name}`, 1, 'not-found');
}

export function qubeList(args: ParsedArgs, key = 'qubes'): string[] {
  const v = args.positional[key];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function str(args: ParsedArgs, key: string): string | undefined {
  const v = args.positional[key] ?? args.options[key];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, key: string): boolean {
  return args.options[key] === true;
}

export const FORMAT_OPTION = { name: 'format', help: 'output format', type: 'enum', values: ['text', 'json'] } as const;

export function wantsJson(args: ParsedArgs): boolean {
  return args.options.format === 'json';
}

/** `--format json` prints the data alone, for scripts and the console's views. */
export function formatted(args: ParsedArgs, data: unknown, text: string): CommandResult {
  return wantsJson(args) ? { data } : { data, text };
}

/**
 * Runs an action on each qube in turn, going on past failures as qvm-* tools
 * do, then reports every failure together.
 */
export async function forEachQube(names: readonly string[], action: (name: string) => Promise<string>): Promise<{ data: unknown; text: string }> {
  const done: { qube: string; result: string }[] = [];
  const failed: string[] = [];
  for (const n of names) {
    try {
      done.push({ qube: n, result: await action(n) });
    } catch (e) {
      failed.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (failed.length > 0) {
    const prefix = done.length > 0 ? `${done.map((d) => d.result).join('\n')}\n` : '';
    throw new CommandError(`${prefix}${failed.join('\n')}`, 1, 'failed');
  }
  return { data: done, text: done.map((d) => d.result).join('\n') + (done.length > 0 ? '\n' : '') };
}
