/** prefs and global-prefs: read, set and reset properties (qvm-prefs, qubes-prefs). */
import type { DaemonContext } from '../../daemon/daemon-context.js';
import type { PropertyState } from '../../registry/registry.js';
import { CommandError, type CommandResult, type CommandSpec } from '../command-spec.js';
import { flag, mustExist, str, wantsJson, FORMAT_OPTION } from './command-helpers.js';

function show(s: PropertyState): string {
  return s.value === null ? '' : String(s.value);
}

function listing(props: Record<string, PropertyState>, json: boolean): CommandResult {
  if (json) return { data: props };
  const width = Math.max(0, ...Object.keys(props).map((k) => k.length));
  const lines = Object.entries(props).map(([k, s]) => `${k.padEnd(width)}  ${s.isDefault ? 'D' : '-'}  ${show(s)}`.trimEnd());
  return { data: props, text: `${lines.join('\n')}\n` };
}

/** The reading half, shared by qube and global properties; null when the words ask for a change. */
function readPrefs(
  opts: { all: () => Record<string, PropertyState>; get: (p: string) => PropertyState },
  property: string | undefined,
  value: string | undefined,
  reset: boolean,
  json: boolean,
): CommandResult | null {
  if (property === undefined) return listing(opts.all(), json);
  if (value === undefined && !reset) {
    const s = opts.get(property);
    return { data: s, text: `${show(s)}\n` };
  }
  return null;
}

export const prefsCommand: CommandSpec<DaemonContext> = {
  name: 'prefs',
  summary: "show or change a qube's properties (qvm-prefs)",
  role: 'viewer',
  mutating: false,
  args: [
    { name: 'qube', help: 'the qube', type: 'qube', required: true, complete: 'qubes' },
    { name: 'property', help: 'one property', type: 'string', complete: 'properties' },
    { name: 'value', help: 'new value ("none" for no qube)', type: 'string' },
  ],
  options: [{ name: 'default', short: 'D', help: 'reset the property to its default', type: 'boolean' }, FORMAT_OPTION],
  handler: async (ctx, args, caller) => {
    const qube = str(args, 'qube') ?? '';
    mustExist(ctx, qube);
    const property = str(args, 'property');
    const value = str(args, 'value');
    const reg = ctx.registry;
    const read = readPrefs(
      { all: () => Object.fromEntries(reg.propertyNames(qube).map((p) => [p, reg.getProperty(qube, p)])), get: (p) => reg.getProperty(qube, p) },
      property,
      value,
      flag(args, 'default'),
      wantsJson(args),
    );
    if (read) return read;
    ctx.requireRight(caller, 'prefs-set');
    if (property === undefined) throw new CommandError('prefs: name the property to change', 2, 'usage');
    if (flag(args, 'default')) reg.reset(qube, property);
    else reg.set(qube, property, value === 'none' ? null : value);
    await ctx.flush();
    return { data: reg.getProperty(qube, property) };
  },
};

export const globalPrefsCommand: CommandSpec<DaemonContext> = {
  name: 'global-prefs',
  aliases: ['qubes-prefs'],
  summary: 'show or change global preferences (qubes-prefs)',
  role: 'viewer',
  mutating: false,
  args: [
    { name: 'property', help: 'one preference', type: 'string' },
    { name: 'value', help: 'new value ("none" for no qube)', type: 'string' },
  ],
  options: [{ name: 'default', short: 'D', help: 'reset to the default', type: 'boolean' }, FORMAT_OPTION],
  handler: async (ctx, args, caller) => {
    const property = str(args, 'property');
    const value = str(args, 'value');
    const reg = ctx.registry;
    const read = readPrefs(
      { all: () => reg.globals(), get: (p) => reg.getGlobal(p) },
      property,
      value,
      flag(args, 'default'),
      wantsJson(args),
    );
    if (read) return read;
    ctx.requireRight(caller, 'global-prefs-set');
    if (property === undefined) throw new CommandError('global-prefs: name the preference to change', 2, 'usage');
    if (flag(args, 'default')) reg.resetGlobal(property);
    else reg.setGlobal(property, value === 'none' ? null : value);
    await ctx.flush();
    return { data: reg.getGlobal(property) };
  },
};
