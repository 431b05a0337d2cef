/**
 * The choices an `ask` question offers. qrexec gathers them by adding and
 * removing rule targets in reverse order; here each candidate is simply
 * evaluated as if the caller had named it, so the list agrees exactly with
 * what evaluate() would do once the user picks: a candidate is offered when
 * that request would not be denied. After the pick, the caller evaluates the
 * request again with the picked target and goes ahead only if it is not denied.
 */
import { evaluate } from './policy-evaluator.js';
import type { Policy, PolicyQubes, PolicyRequest } from './policy-types.js';

/**
 * `names`: every qube there is (the registry's list). A qube known to be a
 * base for disposables (templateForDispvms true) is offered also as
 * `@dispvm:NAME`. The caller itself is never offered: a call to oneself is
 * no inter-qube call.
 */
export function askTargets(policy: Policy, request: PolicyRequest, qubes: PolicyQubes, names: Iterable<string>): string[] {
  const candidates: string[] = [];
  for (const name of names) {
    const q = qubes.get(name);
    if (!q || name === request.source || (q.klass === 'AdminVM' && request.source === '@adminvm')) continue;
    candidates.push(q.klass === 'AdminVM' ? '@adminvm' : name);
    if (q.klass === 'AppVM' && q.templateForDispvms === true) candidates.push(`@dispvm:${name}`);
  }
  return candidates.filter((target) => evaluate(policy, { ...request, target }, qubes).action !== 'deny');
}
