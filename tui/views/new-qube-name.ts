/**
 * Whether a typed name can name a new qube, checked as it is typed by the
 * create and clone forms: the registry's own rules (imported, so the form and
 * the daemon never disagree) plus uniqueness against the qubes the console knows.
 */
import { qubeNameProblem } from '../../services/registry/qube-name.js';

/** Why `name` cannot be a new qube's name, or null when it can. */
export function newQubeNameProblem(name: string, existing: readonly string[]): string | null {
  const problem = qubeNameProblem(name);
  if (problem !== null) return problem;
  // dom0 is an existing qube on every host; said outright in case the snapshot lacks it.
  if (name === 'dom0' || existing.includes(name)) return `a qube named ${name} exists`;
  return null;
}
