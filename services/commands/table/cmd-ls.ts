/** `qtui ls`: every qube with its state, in qvm-ls's formats. */
import type { DaemonContext } from '../../daemon/daemon-context.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { alignedTable, LS_FORMATS, rawData, sortRows, treeRows, type QubeRow } from '../qube-table-format.js';
import { flag, qubeList } from './command-helpers.js';

function show(v: unknown): string {
  return v === null || v === undefined || v === '' ? '-' : String(v);
}

export function qubeRows(ctx: DaemonContext): QubeRow[] {
  return ctx.registry.list().map((q) => {
    const has = new Set(ctx.registry.propertyNames(q.name));
    const p = (name: string): string => (has.has(name) ? show(ctx.registry.getProperty(q.name, name).value) : '-');
    const d = ctx.lifecycle.domain(q.name);
    const netvm = p('netvm');
    return {
      NAME: q.name,
      STATE: ctx.lifecycle.state(q.name),
      CLASS: q.klass,
      LABEL: p('label'),
      TEMPLATE: p('template'),
      NETVM: netvm,
      IP: p('ip'),
      GATEWAY: netvm === '-' ? '-' : show(ctx.registry.has(netvm) ? ctx.registry.getProperty(netvm, 'ip').value : null),
      VIRT_MODE: p('virt_mode'),
      MEMORY: p('memory'),
      MAXMEM: p('maxmem'),
      VCPUS: p('vcpus'),
      KERNEL: p('kernel'),
      KERNELOPTS: p('kernelopts'),
      AUTOSTART: p('autostart'),
      POOL: q.klass === 'AdminVM' ? '-' : 'default',
      MEM: d ? String(d.memoryMiB) : '0',
      CPU: d ? d.cpuTimeSec.toFixed(1) : '0.0',
      DOMID: d ? String(d.domid) : '-',
    };
  });
}

export const lsCommand: CommandSpec<DaemonContext> = {
  name: 'ls',
  aliases: ['list'],
  summary: 'list qubes with their state (qvm-ls)',
  role: 'viewer',
  mutating: false,
  args: [{ name: 'qubes', help: 'only these qubes', type: 'qube', variadic: true, complete: 'qubes' }],
  options: [
    { name: 'format', help: 'columns to show, or json', type: 'enum', values: [...Object.keys(LS_FORMATS), 'json'] },
    { name: 'raw-data', help: 'no header, cells separated by |, for scripts', type: 'boolean' },
    { name: 'running', help: 'only running (or paused) qubes', type: 'boolean' },
    { name: 'halted', help: 'only halted qubes', type: 'boolean' },
    { name: 'tree', help: 'show qubes under their netvm', type: 'boolean' },
    { name: 'sort', help: 'sort by a column', type: 'string', metavar: 'COLUMN' },
    { name: 'reverse', help: 'reverse the sort order', type: 'boolean' },
  ],
  handler: async (ctx, args) => {
    await ctx.lifecycle.refresh();
    let rows = qubeRows(ctx);
    const only = qubeList(args);
    for (const n of only) if (!ctx.registry.has(n)) throw new CommandError(`no qube named ${n}`, 1, 'not-found');
    if (only.length > 0) rows = rows.filter((r) => only.includes(r.NAME ?? ''));
    if (flag(args, 'running')) rows = rows.filter((r) => r.STATE !== 'Halted');
    if (flag(args, 'halted')) rows = rows.filter((r) => r.STATE === 'Halted');
    const format = typeof args.options.format === 'string' ? args.options.format : 'simple';
    const sortBy = typeof args.options.sort === 'string' ? args.options.sort.toUpperCase() : null;
    if (sortBy !== null) {
      if (!(sortBy in (rows[0] ?? { NAME: '' }))) throw new CommandError(`ls: no column ${sortBy} to sort by`, 2, 'usage');
      rows = sortRows(rows, sortBy, flag(args, 'reverse'));
    } else if (flag(args, 'reverse')) rows = [...rows].reverse();
    if (flag(args, 'tree')) rows = treeRows(rows);
    if (format === 'json') return { data: rows };
    const columns = LS_FORMATS[format] ?? LS_FORMATS.simple ?? [];
    return { data: rows, text: flag(args, 'raw-data') ? rawData(columns, rows) : alignedTable(columns, rows) };
  },
};
