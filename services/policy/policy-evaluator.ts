/**
 * Decides one request against a loaded policy, with qrexec's semantics: the
 * first rule whose service, argument, source and target all match decides;
 * no match denies; a policy with any syntax error denies everything. The
 * request names a real source and a real (or keyword) target; anything else
 * is denied before the rules are consulted.
 */
import { formatToken, isPolicyQubeName } from './policy-tokens.js';
import type { Decision, Policy, PolicyQube, PolicyQubes, PolicyRequest, PolicyRule, PolicyToken } from './policy-types.js';
import { argumentProblem, serviceNameProblem } from './rpc-names.js';

/** The caller, once known to exist. dom0 may be absent from the qube table; it still exists. */
interface Source {
  admin: boolean;
  qube: PolicyQube | undefined;
}

/** What the caller asked for, once checked. */
type Intended =
  | { kind: 'admin'; qube: PolicyQube | undefined }
  | { kind: 'qube'; qube: PolicyQube }
  | { kind: 'default' }
  | { kind: 'dispvm' }
  | { kind: 'dispvm-of'; base: PolicyQube };

// dom0's registry entry, if any, carries its tags; the name is Qubes' own.
const ADMIN_NAME = 'dom0';

function isAdminName(name: string): boolean {
  return name === ADMIN_NAME || name === '@adminvm';
}

/** A qube disposables can be made from, as qrexec and the registry require: an AppVM marked for it. */
function dispvmBase(name: string | null | undefined, qubes: PolicyQubes): PolicyQube | undefined {
  if (!name) return undefined;
  const q = qubes.get(name);
  return q && q.klass === 'AppVM' && q.templateForDispvms !== false ? q : undefined;
}

function resolveSource(name: string, qubes: PolicyQubes): Source | string {
  if (isAdminName(name)) return { admin: true, qube: qubes.get(ADMIN_NAME) };
  if (!isPolicyQubeName(name)) return `invalid source ${JSON.stringify(name)}`;
  const qube = qubes.get(name);
  if (!qube) return `source qube ${name} does not exist`;
  return { admin: qube.klass === 'AdminVM', qube };
}

function resolveIntended(target: string, qubes: PolicyQubes): Intended | string {
  if (target === '' || target === '@default') return { kind: 'default' };
  if (isAdminName(target)) return { kind: 'admin', qube: qubes.get(ADMIN_NAME) };
  if (target === '@dispvm') return { kind: 'dispvm' };
  if (target.startsWith('@dispvm:')) {
    const base = dispvmBase(target.slice('@dispvm:'.length), qubes);
    return base ? { kind: 'dispvm-of', base } : `target ${target}: not a qube disposables can be made from`;
  }
  if (!isPolicyQubeName(target)) return `invalid target ${JSON.stringify(target)}`;
  const qube = qubes.get(target);
  if (!qube) return `target qube ${target} does not exist`;
  return qube.klass === 'AdminVM' ? { kind: 'admin', qube } : { kind: 'qube', qube };
}

function hasTag(qube: PolicyQube | undefined, tag: string): boolean {
  return qube?.tags.includes(tag) ?? false;
}

function matchSource(token: PolicyToken, source: Source, qubes: PolicyQubes): boolean {
  const q = source.qube;
  const disposable = !source.admin && q?.klass === 'DispVM';
  switch (token.kind) {
    case 'any':
      return true;
    case 'anyvm':
      return !source.admin;
    case 'adminvm':
      return source.admin;
    case 'name':
      return !source.admin && q?.name === token.name;
    case 'tag':
      return hasTag(q, token.tag);
    case 'type':
      return source.admin ? token.klass === 'AdminVM' : q?.klass === token.klass;
    case 'dispvm':
      return disposable;
    case 'dispvm-of':
      return disposable && q?.template === token.name;
    case 'dispvm-tag':
      return disposable && hasTag(dispvmBase(q?.template, qubes), token.tag);
    case 'default':
      return false;
  }
}

/** The base a request's target disposable would be made from: named, or the caller's default. */
function intendedDispvmBase(intended: Intended, defaultBase: PolicyQube | undefined): PolicyQube | undefined {
  if (intended.kind === 'dispvm-of') return intended.base;
  if (intended.kind === 'dispvm') return defaultBase;
  return undefined;
}

function matchTarget(token: PolicyToken, intended: Intended, defaultBase: PolicyQube | undefined): boolean {
  const concrete = intended.kind === 'qube' || intended.kind === 'admin' ? intended.qube : undefined;
  switch (token.kind) {
    case 'any':
      return true;
    // As in qrexec, @anyvm also covers the keywords (@default, @dispvm…): everything but dom0.
    case 'anyvm':
      return intended.kind !== 'admin';
    case 'adminvm':
      return intended.kind === 'admin';
    case 'default':
      return intended.kind === 'default';
    case 'name':
      return intended.kind === 'qube' && intended.qube.name === token.name;
    case 'tag':
      return hasTag(concrete, token.tag);
    case 'type':
      return intended.kind === 'admin' ? token.klass === 'AdminVM' : intended.kind === 'qube' && intended.qube.klass === token.klass;
    case 'dispvm':
      return intended.kind === 'dispvm';
    case 'dispvm-of':
      return intendedDispvmBase(intended, defaultBase)?.name === token.name;
    case 'dispvm-tag':
      return hasTag(intendedDispvmBase(intended, defaultBase), token.tag);
  }
}

/** Where a redirect (target=, default_target=) points, or why it points nowhere. */
function resolveRedirect(token: PolicyToken, qubes: PolicyQubes): Intended | string {
  switch (token.kind) {
    case 'name':
    case 'dispvm-of':
    case 'adminvm':
      return resolveIntended(formatToken(token), qubes);
    case 'dispvm':
      return { kind: 'dispvm' };
    default:
      return `${formatToken(token)} cannot be a redirect`;
  }
}

/** The concrete place a call goes: qube name, '@adminvm', '@dispvm:BASE'; undefined while unknown. */
function placeOf(intended: Intended, defaultBase: PolicyQube | undefined): string | undefined {
  switch (intended.kind) {
    case 'admin':
      return '@adminvm';
    case 'qube':
      return intended.qube.name;
    case 'dispvm-of':
      return `@dispvm:${intended.base.name}`;
    case 'dispvm':
      return defaultBase ? `@dispvm:${defaultBase.name}` : undefined;
    case 'default':
      return undefined;
  }
}

function denied(reason: string, rule?: PolicyRule): Decision {
  return rule
    ? { action: 'deny', notify: rule.params.notify ?? true, file: rule.file, line: rule.line, rule: rule.text, reason }
    : { action: 'deny', reason };
}

function where(rule: PolicyRule): string {
  return `${rule.file}:${rule.line}`;
}

function applyRule(rule: PolicyRule, intended: Intended, defaultBase: PolicyQube | undefined, qubes: PolicyQubes): Decision {
  if (rule.action === 'deny') return denied(`denied by ${where(rule)}`, rule);

  let goal = intended;
  if (rule.params.target) {
    const redirect = resolveRedirect(rule.params.target, qubes);
    if (typeof redirect === 'string') return denied(`${rule.action} at ${where(rule)} redirects to a target that is not usable: ${redirect}`, rule);
    goal = redirect;
  }
  const target = placeOf(goal, defaultBase);
  const autostart = rule.params.autostart ?? true;
  if (!autostart && target?.startsWith('@dispvm:')) {
    return denied(`${rule.action} at ${where(rule)} has autostart=no, but a new disposable would have to be started`, rule);
  }
  const base = {
    file: rule.file,
    line: rule.line,
    rule: rule.text,
    notify: rule.params.notify ?? false,
    autostart,
    ...(rule.params.user === undefined ? {} : { user: rule.params.user }),
  };

  if (rule.action === 'allow') {
    if (goal.kind === 'default') return denied(`allow at ${where(rule)}, but no target was given by the caller or the policy`, rule);
    if (target === undefined) return denied(`allow at ${where(rule)} to @dispvm, but the source has no default_dispvm`, rule);
    return { action: 'allow', target, reason: `allowed by ${where(rule)}`, ...base };
  }

  let defaultTarget: string | undefined;
  if (rule.params.defaultTarget) {
    const resolved = resolveRedirect(rule.params.defaultTarget, qubes);
    // A default that points nowhere only loses the preselection; the question is still asked.
    defaultTarget = typeof resolved === 'string' ? undefined : placeOf(resolved, defaultBase);
  }
  return {
    action: 'ask',
    ...(target === undefined ? {} : { target }),
    ...(defaultTarget === undefined ? {} : { defaultTarget }),
    reason: `ask the user, per ${where(rule)}`,
    ...base,
  };
}

function requestProblem(request: PolicyRequest): string | null {
  return serviceNameProblem(request.service) ?? argumentProblem(request.argument);
}

function ruleMatches(rule: PolicyRule, request: PolicyRequest, source: Source, intended: Intended, defaultBase: PolicyQube | undefined, qubes: PolicyQubes): boolean {
  return (
    (rule.service === null || rule.service === request.service) &&
    (rule.argument === null || rule.argument === `+${request.argument}`) &&
    matchSource(rule.source, source, qubes) &&
    matchTarget(rule.target, intended, defaultBase)
  );
}

export function evaluate(policy: Policy, request: PolicyRequest, qubes: PolicyQubes): Decision {
  const [first] = policy.errors;
  if (first) {
    const n = policy.errors.length;
    return {
      action: 'deny',
      file: first.file,
      line: first.line,
      reason: `the policy has ${n} syntax error${n === 1 ? '' : 's'} and denies everything until fixed; first: ${first.file}:${first.line}: ${first.message}`,
    };
  }
  const bad = requestProblem(request);
  if (bad) return denied(`invalid request: ${bad}`);
  const source = resolveSource(request.source, qubes);
  if (typeof source === 'string') return denied(source);
  const intended = resolveIntended(request.target, qubes);
  if (typeof intended === 'string') return denied(intended);
  const defaultBase = dispvmBase(source.qube?.defaultDispvm, qubes);

  const rule = policy.rules.find((r) => ruleMatches(r, request, source, intended, defaultBase, qubes));
  return rule ? applyRule(rule, intended, defaultBase, qubes) : denied('no rule matched');
}
