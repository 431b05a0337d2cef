/**
 * The create form's fields, what each may hold, and the `create` command line
 * a valid form stands for (the options of services' `create`: --class,
 * --template, --label, --prop NAME=VALUE). Pure, so the view only draws it.
 */
import type { QubeRowView } from '../console-api.js';
import { newQubeNameProblem } from './new-qube-name.js';

/** The classes `create --class` accepts. */
export const CREATE_CLASSES = ['AppVM', 'StandaloneVM', 'TemplateVM'] as const;
export const CREATE_LABELS = ['red', 'orange', 'yellow', 'green', 'gray', 'blue', 'purple', 'black'] as const;
/** Below this no Linux qube boots; the upper bound is the host's memory. */
const MIN_MEMORY_MIB = 32;

export type CreateFieldName = 'name' | 'class' | 'template' | 'label' | 'netvm' | 'memory';
export const CREATE_FIELDS: readonly CreateFieldName[] = ['name', 'class', 'template', 'label', 'netvm', 'memory'];
/** Fields typed into; the others cycle through their choices. */
export const TEXT_FIELDS: ReadonlySet<CreateFieldName> = new Set(['name', 'memory']);

export type CreateValues = Record<CreateFieldName, string>;

export interface CreateChoices {
  templates: readonly string[];
  netvms: readonly string[];
  existing: readonly string[];
  hostMemMiB: number;
}

export function createChoices(qubes: readonly QubeRowView[], hostMemMiB: number): CreateChoices {
  // A qube some other qube uses as its netvm provides network: the snapshot has no provides_network.
  const used = new Set(qubes.flatMap((q) => (q.netvm === null ? [] : [q.netvm])));
  return {
    templates: qubes.filter((q) => q.klass === 'TemplateVM').map((q) => q.name),
    netvms: ['default', 'none', ...[...used].sort()],
    existing: qubes.map((q) => q.name),
    hostMemMiB,
  };
}

export function choicesOf(field: CreateFieldName, values: CreateValues, c: CreateChoices): readonly string[] {
  switch (field) {
    case 'class':
      return CREATE_CLASSES;
    case 'template':
      return values.class === 'AppVM' ? c.templates : [];
    case 'label':
      return CREATE_LABELS;
    case 'netvm':
      return c.netvms;
    default:
      return [];
  }
}

export function initialValues(c: CreateChoices): CreateValues {
  return { name: '', class: 'AppVM', template: c.templates[0] ?? '', label: 'red', netvm: 'default', memory: '' };
}

/** Why a field's value cannot be used, or null when it can. */
export function fieldProblem(field: CreateFieldName, values: CreateValues, c: CreateChoices): string | null {
  switch (field) {
    case 'name':
      return newQubeNameProblem(values.name, c.existing);
    case 'template':
      if (values.class !== 'AppVM') return null;
      if (c.templates.length === 0) return 'no TemplateVM to base an AppVM on';
      return c.templates.includes(values.template) ? null : 'choose a TemplateVM';
    case 'memory': {
      if (values.memory === '') return null;
      if (!/^\d+$/.test(values.memory)) return 'MiB, a whole number';
      const mib = Number(values.memory);
      if (mib < MIN_MEMORY_MIB) return `at least ${MIN_MEMORY_MIB} MiB`;
      if (c.hostMemMiB > 0 && mib > c.hostMemMiB) return `at most the host's ${c.hostMemMiB} MiB`;
      return null;
    }
    default:
      return null;
  }
}

export function formProblems(values: CreateValues, c: CreateChoices): Partial<Record<CreateFieldName, string>> {
  const out: Partial<Record<CreateFieldName, string>> = {};
  for (const f of CREATE_FIELDS) {
    const p = fieldProblem(f, values, c);
    if (p !== null) out[f] = p;
  }
  return out;
}

/** The command a valid form runs; "default" netvm and an empty memory leave Qubes' defaults. */
export function createArgv(v: CreateValues): string[] {
  const argv = ['create', v.name, '--class', v.class];
  if (v.class === 'AppVM') argv.push('--template', v.template);
  argv.push('--label', v.label);
  if (v.netvm !== 'default') argv.push('--prop', `netvm=${v.netvm === 'none' ? '' : v.netvm}`);
  if (v.memory !== '') argv.push('--prop', `memory=${v.memory}`);
  return argv;
}
