/**
 * What a qube must be to be referenced as a netvm, a template or a disposable
 * template. Qube properties and global preferences share these rules.
 */
import type { PropValue, RegistryView } from './property-types.js';

function existing(reg: RegistryView, target: PropValue): string | null {
  return typeof target === 'string' && reg.qube(target) ? null : `no qube named ${JSON.stringify(target)}`;
}

export function netvmProblem(reg: RegistryView, target: PropValue): string | null {
  const missing = existing(reg, target);
  if (missing || typeof target !== 'string') return missing;
  const q = reg.qube(target);
  if (q?.klass === 'AdminVM' || q?.klass === 'TemplateVM') return `${target} is a ${q.klass}, which cannot provide network`;
  return reg.value(target, 'provides_network') === true ? null : `${target} does not provide network (provides_network is false)`;
}

export function templateProblem(reg: RegistryView, target: PropValue): string | null {
  const missing = existing(reg, target);
  if (missing || typeof target !== 'string') return missing;
  const klass = reg.qube(target)?.klass;
  return klass === 'TemplateVM' ? null : `${target} is a ${klass}, not a TemplateVM`;
}

export function dispvmTemplateProblem(reg: RegistryView, target: PropValue): string | null {
  const missing = existing(reg, target);
  if (missing || typeof target !== 'string') return missing;
  const klass = reg.qube(target)?.klass;
  if (klass !== 'AppVM') return `${target} is a ${klass}; disposables are based on an AppVM with template_for_dispvms`;
  return reg.value(target, 'template_for_dispvms') === true ? null : `${target} is not a disposable template (template_for_dispvms is false)`;
}

/** Qubes that must be running before anything else can be; dom0 always is. */
export function isUp(reg: RegistryView, name: string): boolean {
  return reg.qube(name)?.klass === 'AdminVM' || reg.isRunning(name);
}
