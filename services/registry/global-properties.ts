/** The host-wide preferences (Qubes' `qubes-prefs`), declared like qube properties. */
import type { GlobalPropertyDef, PropValue, RegistryView } from './property-types.js';
import { kernelNameProblem } from './qube-properties.js';
import { dispvmTemplateProblem, netvmProblem, templateProblem } from './reference-checks.js';

/** The kernel the simulated and seeded host ships; on a real host the daemon sets the installed one. */
export const DEFAULT_KERNEL = '6.6.63-1.fc37';

function serviceQubeProblem(v: PropValue, reg: RegistryView): string | null {
  if (v === null) return null;
  const q = typeof v === 'string' ? reg.qube(v) : undefined;
  if (!q) return `no qube named ${JSON.stringify(v)}`;
  return q.klass === 'TemplateVM' || q.klass === 'DispVM' ? `${v} is a ${q.klass}; a service qube must keep its state` : null;
}

export const GLOBAL_PROPERTIES: readonly GlobalPropertyDef[] = [
  {
    name: 'default_netvm',
    type: { kind: 'qube' },
    nullable: true,
    default: null,
    validate: (v, reg) => (v === null ? null : netvmProblem(reg, v)),
    doc: 'netvm of every qube that does not set its own.',
  },
  {
    name: 'default_template',
    type: { kind: 'qube' },
    nullable: true,
    default: null,
    validate: (v, reg) => (v === null ? null : templateProblem(reg, v)),
    doc: 'Template given to new AppVMs.',
  },
  {
    name: 'default_dispvm',
    type: { kind: 'qube' },
    nullable: true,
    default: null,
    validate: (v, reg) => (v === null ? null : dispvmTemplateProblem(reg, v)),
    doc: 'Disposable template used when a qube does not name its own.',
  },
  {
    name: 'updatevm',
    type: { kind: 'qube' },
    nullable: true,
    default: null,
    validate: serviceQubeProblem,
    doc: 'Qube that downloads dom0’s updates.',
  },
  {
    name: 'clockvm',
    type: { kind: 'qube' },
    nullable: true,
    default: null,
    validate: serviceQubeProblem,
    doc: 'Qube whose network time dom0 follows.',
  },
  {
    name: 'default_kernel',
    type: { kind: 'string' },
    nullable: false,
    default: DEFAULT_KERNEL,
    validate: (v) => kernelNameProblem(v, false),
    doc: 'Kernel of every qube that does not set its own.',
  },
];

export function findGlobalProperty(name: string): GlobalPropertyDef | undefined {
  return GLOBAL_PROPERTIES.find((p) => p.name === name);
}
