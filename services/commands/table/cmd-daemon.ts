/** help, version, info, events, daemon-memory, daemon-stop: the daemon itself and the host. */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { REPO_ROOT } from '../../config/repo-root.js';
import type { DaemonContext } from '../../daemon/daemon-context.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { auditLogPath, auditRow, readRecentAudit } from '../../daemon/audit-log.js';
import { flag, str, wantsJson, FORMAT_OPTION } from './command-helpers.js';

export const helpCommand: CommandSpec<DaemonContext> = {
  name: 'help',
  summary: 'list commands, or show one command’s arguments',
  role: 'viewer',
  mutating: false,
  args: [{ name: 'command', help: 'a command', type: 'string', complete: 'commands' }],
  options: [],
  handler: (ctx, args) => {
    const name = str(args, 'command');
    if (name !== undefined) {
      const help = ctx.commandHelp(name);
      if (help === undefined) throw new CommandError(`no command ${JSON.stringify(name)}`, 1, 'not-found');
      return Promise.resolve({ data: { help }, text: help });
    }
    const all = ctx.commandSummaries().sort((a, b) => a.name.localeCompare(b.name));
    const width = Math.max(...all.map((c) => c.name.length)) + 2;
    const text = [
      'usage: qtui [COMMAND [ARGS…]]',
      '',
      'With no command, qtui attaches to the console, starting the daemon if needed.',
      '',
      'commands:',
      ...all.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
      '',
      "'qtui COMMAND --help' shows a command's arguments.",
      '',
    ].join('\n');
    return Promise.resolve({ data: all, text });
  },
};

export const versionCommand: CommandSpec<DaemonContext> = {
  name: 'version',
  summary: 'version of qtui and of the Xen host',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    // REPO_ROOT, not a path relative to this module: it lies one folder deeper once compiled into dist/.
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const info = await ctx.xl.info();
    const data = { qtui: pkg.version, xen: info.xenVersion, host: ctx.host };
    if (wantsJson(args)) return { data };
    return { data, text: `qtui ${pkg.version}, Xen ${info.xenVersion} (${ctx.host === 'sim' ? 'simulated host' : 'real Xen'})\n` };
  },
};

export const infoCommand: CommandSpec<DaemonContext> = {
  name: 'info',
  summary: 'the host: Xen, CPUs, memory, qubes running',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const info = await ctx.xl.info();
    await ctx.lifecycle.refresh();
    const qubes = ctx.registry.list();
    const running = qubes.filter((q) => ctx.lifecycle.isRunning(q.name)).length;
    const data = {
      host: info.host,
      backend: ctx.host,
      xenVersion: info.xenVersion,
      scheduler: info.scheduler,
      cpus: info.nrCpus,
      totalMemoryMiB: info.totalMemoryMiB,
      freeMemoryMiB: info.freeMemoryMiB,
      qubes: qubes.length,
      running,
    };
    if (wantsJson(args)) return { data };
    const text = [
      `host          ${info.host}${ctx.host === 'sim' ? ' (simulated Xen)' : ''}`,
      `xen           ${info.xenVersion}, scheduler ${info.scheduler}`,
      `cpus          ${info.nrCpus}`,
      `memory        ${info.freeMemoryMiB} MiB free of ${info.totalMemoryMiB} MiB`,
      `qubes         ${running} running of ${qubes.length}`,
      '',
    ].join('\n');
    return { data, text };
  },
};

/** How many audit entries `events --audit` shows unless told. */
const AUDIT_DEFAULT_LIMIT = 200;

export const eventsCommand: CommandSpec<DaemonContext> = {
  name: 'events',
  summary: 'recent events (qvm-events); the CLI follows new ones with --follow; --audit: who ran what, from where',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [
    { name: 'follow', short: 'f', help: 'keep printing events as they happen', type: 'boolean' },
    { name: 'audit', short: 'a', help: 'the audit log instead, newest first: every command and session, who, from where, result', type: 'boolean' },
    { name: 'limit', short: 'n', help: `with --audit: at most this many entries (default ${AUDIT_DEFAULT_LIMIT})`, type: 'int' },
    FORMAT_OPTION,
  ],
  handler: (ctx, args) => {
    if (flag(args, 'audit')) {
      const limit = typeof args.options.limit === 'number' && args.options.limit > 0 ? args.options.limit : AUDIT_DEFAULT_LIMIT;
      const rows = readRecentAudit(auditLogPath(ctx.paths.stateDir), limit).map(auditRow);
      if (wantsJson(args)) return Promise.resolve({ data: rows });
      return Promise.resolve({ data: rows, text: rows.map((r) => `${[r.time, r.who, r.role || '-', r.from, r.what, r.result, r.message].filter((f) => f !== '').join('  ')}\n`).join('') });
    }
    const events = ctx.recent.list();
    if (wantsJson(args)) return Promise.resolve({ data: events });
    return Promise.resolve({ data: events, text: events.map((e) => `${formatEvent(e)}\n`).join('') });
  },
};

export function formatEvent(e: { type: string; time: string; qube?: string; [k: string]: unknown }): string {
  const { type, time, qube, ...rest } = e;
  const extra = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [time, type, qube ?? '-', ...extra].join(' ');
}

const MIB = 1024 * 1024;

/** A full garbage collection, which V8 only offers as a function once it is told to expose one. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export const daemonMemoryCommand: CommandSpec<DaemonContext> = {
  name: 'daemon-memory',
  summary: "the daemon's own memory: resident, V8 heap, outside the heap; --gc collects garbage first",
  // A full collection stalls every client for a moment.
  role: 'admin',
  mutating: false,
  args: [],
  options: [{ name: 'gc', help: 'collect garbage first, so the figures are what the daemon really holds (a leak shows there, not in the saw-teeth before a collection)', type: 'boolean' }, FORMAT_OPTION],
  handler: (_ctx, args) => {
    if (flag(args, 'gc')) collectGarbage();
    const m = process.memoryUsage();
    const data = { rssMiB: m.rss / MIB, heapUsedMiB: m.heapUsed / MIB, heapTotalMiB: m.heapTotal / MIB, externalMiB: m.external / MIB, collected: flag(args, 'gc') };
    if (wantsJson(args)) return Promise.resolve({ data });
    const f = (n: number): string => `${n.toFixed(1)} MiB`;
    return Promise.resolve({ data, text: `resident ${f(data.rssMiB)}, heap ${f(data.heapUsedMiB)} used of ${f(data.heapTotalMiB)}, outside the heap ${f(data.externalMiB)}${data.collected ? ' (after a full collection)' : ''}\n` });
  },
};

export const daemonStopCommand: CommandSpec<DaemonContext> = {
  name: 'daemon-stop',
  aliases: ['kill-server'],
  summary: 'stop the daemon; running qubes keep running',
  role: 'admin',
  mutating: true,
  args: [],
  options: [],
  handler: (ctx) => {
    ctx.requestStop();
    return Promise.resolve({ data: { stopping: true }, text: 'daemon stopping; running qubes keep running\n' });
  },
};
