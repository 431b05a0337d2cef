/**
 * volumes QUBE (qvm-volume list): a qube's root, private and volatile volumes
 * in the pool, with their size and where each comes from, which depends on
 * the qube's class as VolumePool lays them out.
 */
import { statSync } from 'node:fs';
import type { DaemonContext } from '../../daemon/daemon-context.js';
import type { CommandSpec } from '../command-spec.js';
import { FORMAT_OPTION, formatted, mustExist, str } from './command-helpers.js';

export interface VolumeRow {
  volume: 'root' | 'private' | 'volatile';
  vdev: string;
  access: 'ro' | 'rw';
  /** The file in dom0's pool; null where it does not exist (yet). */
  path: string | null;
  /** The size the qube sees, and what the sparse file takes on disk. */
  sizeMiB: number | null;
  usedMiB: number | null;
  source: string;
}

const MIB = 1024 * 1024;

function sized(path: string): { path: string | null; sizeMiB: number | null; usedMiB: number | null } {
  try {
    const s = statSync(path);
    return { path, sizeMiB: Math.round(s.size / MIB), usedMiB: Math.round((s.blocks * 512) / MIB) };
  } catch {
    return { path: null, sizeMiB: null, usedMiB: null };
  }
}

function templateOf(ctx: DaemonContext, qube: string): string | null {
  if (!ctx.registry.propertyNames(qube).includes('template')) return null;
  const v = ctx.registry.getProperty(qube, 'template').value;
  return typeof v === 'string' && v !== '' ? v : null;
}

export function volumeRows(ctx: DaemonContext, qube: string): VolumeRow[] {
  const klass = ctx.registry.get(qube)?.klass;
  if (klass === undefined || klass === 'AdminVM') return [];
  const pool = ctx.pool;
  const template = templateOf(ctx, qube);
  // A DispVM's template is its disposable template, an AppVM; the root comes from that one's template.
  const rootTemplate = klass === 'DispVM' && template !== null ? templateOf(ctx, template) : template;
  const lent = klass === 'AppVM' || klass === 'DispVM';
  const root: VolumeRow = lent
    ? { volume: 'root', vdev: 'xvda', access: 'ro', ...sized(pool.path(rootTemplate ?? '', 'root-snapshot')), source: `${rootTemplate ?? '(no template)'}'s root as of its last shutdown` }
    : { volume: 'root', vdev: 'xvda', access: 'rw', ...sized(pool.path(qube, 'root')), source: 'own' };
  return [
    root,
    { volume: 'private', vdev: 'xvdb', access: 'rw', ...sized(pool.path(qube, 'private')), source: klass === 'DispVM' ? `copy of ${template ?? '?'}'s private, dropped at shutdown` : 'own' },
    { volume: 'volatile', vdev: 'xvdc', access: 'rw', ...sized(pool.path(qube, 'volatile')), source: 'made anew at every start' },
  ];
}

function mib(n: number | null): string {
  return n === null ? '-' : `${n} MiB`;
}

export const volumesCommand: CommandSpec<DaemonContext> = {
  name: 'volumes',
  aliases: ['volume-list'],
  summary: "a qube's volumes: size, use and where each comes from (qvm-volume list)",
  role: 'viewer',
  mutating: false,
  args: [{ name: 'qube', help: 'the qube', type: 'qube', required: true, complete: 'qubes' }],
  options: [FORMAT_OPTION],
  handler: (ctx, args) => {
    const qube = str(args, 'qube') ?? '';
    mustExist(ctx, qube);
    const rows = volumeRows(ctx, qube);
    const text = rows.length === 0 ? `${qube} has no volumes in the pool\n` : rows.map((r) => `${r.volume.padEnd(9)}${r.vdev}  ${r.access}  ${mib(r.sizeMiB).padStart(10)}  ${mib(r.usedMiB).padStart(10)} used  ${r.source}\n`).join('');
    return Promise.resolve(formatted(args, { qube, volumes: rows }, text));
  },
};
