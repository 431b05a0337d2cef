/**
 * One rule line: `service +argument source target action [key=value …]`.
 * Every field is checked here, so a rule that loads can always be evaluated;
 * a message comes back instead when the line is wrong.
 */
import { parseToken } from './policy-tokens.js';
import type { PolicyAction, PolicyRule, RuleParams } from './policy-types.js';
import { argumentProblem, serviceNameProblem } from './rpc-names.js';

type ParamKey = 'target' | 'default_target' | 'user' | 'notify' | 'autostart';

// As in qrexec: deny only reports; default_target only makes sense when someone is asked.
const PARAMS_FOR: Record<PolicyAction, ReadonlySet<ParamKey>> = {
  deny: new Set(['notify']),
  allow: new Set(['target', 'user', 'notify', 'autostart']),
  ask: new Set(['target', 'default_target', 'user', 'notify', 'autostart']),
};

// A user name reaches the qube's service runner; keep it to what a login name may hold.
const USER_RE = /^[a-z_][a-z0-9_-]{0,31}$/;

function isAction(s: string): s is PolicyAction {
  return s === 'allow' || s === 'deny' || s === 'ask';
}

function isParamKey(s: string): s is ParamKey {
  return s === 'target' || s === 'default_target' || s === 'user' || s === 'notify' || s === 'autostart';
}

/** The service and argument columns (also those of `!include-service`), or a message. */
export function parseServiceColumns(service: string, argument: string): { service: string | null; argument: string | null } | string {
  const svc = service === '*' ? null : service;
  if (svc !== null) {
    const problem = serviceNameProblem(svc);
    if (problem) return problem;
  }
  if (argument === '*') return { service: svc, argument: null };
  if (!argument.startsWith('+')) return `argument ${JSON.stringify(argument)} must be '*' or start with '+'`;
  const problem = argumentProblem(argument.slice(1));
  if (problem) return problem;
  if (svc === null) return "a '*' service takes only a '*' argument";
  return { service: svc, argument };
}

function parseParams(action: PolicyAction, words: readonly string[]): RuleParams | string {
  const params: RuleParams = {};
  const seen = new Set<string>();
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) return `invalid action parameter ${JSON.stringify(word)} (expected key=value)`;
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (!isParamKey(key)) return `unknown parameter ${JSON.stringify(key)}`;
    if (!PARAMS_FOR[action].has(key)) return `parameter ${key}= does not apply to ${action} (${action} takes ${[...PARAMS_FOR[action]].map((k) => `${k}=`).join(' ')})`;
    if (seen.has(key)) return `parameter ${key}= given twice`;
    seen.add(key);
    switch (key) {
      case 'target':
      case 'default_target': {
        const token = parseToken(value, 'redirect');
        if (typeof token === 'string') return `${key}=: ${token}`;
        if (key === 'target') params.target = token;
        else params.defaultTarget = token;
        break;
      }
      case 'user':
        if (!USER_RE.test(value)) return `invalid user ${JSON.stringify(value)}`;
        params.user = value;
        break;
      case 'notify':
      case 'autostart':
        if (value !== 'yes' && value !== 'no') return `${key}= is ${JSON.stringify(value)}, but can only be yes or no`;
        params[key] = value === 'yes';
        break;
    }
  }
  return params;
}

/** Columns from the source onwards, shared by full rule lines and `!include-service` files. */
export function parseRuleTail(
  columns: { service: string | null; argument: string | null },
  words: readonly string[],
  where: { file: string; line: number; text: string },
): PolicyRule | string {
  const [sourceText, targetText, actionText, ...paramWords] = words;
  if (sourceText === undefined || targetText === undefined || actionText === undefined) return 'wrong number of fields (need source, target and action)';
  const source = parseToken(sourceText, 'source');
  if (typeof source === 'string') return source;
  const target = parseToken(targetText, 'target');
  if (typeof target === 'string') return target;
  if (!isAction(actionText)) return `invalid action ${JSON.stringify(actionText)} (allow, deny or ask)`;
  const params = parseParams(actionText, paramWords);
  if (typeof params === 'string') return params;
  if (target.kind === 'default' && actionText === 'allow' && params.target === undefined) {
    return 'allow for a @default target must name the target with target=';
  }
  return { ...columns, source, target, action: actionText, params, ...where };
}

/** A full rule line, already split into whitespace-separated words. */
export function parseRuleLine(words: readonly string[], where: { file: string; line: number; text: string }): PolicyRule | string {
  const [service, argument, ...rest] = words;
  if (service === undefined || argument === undefined || rest.length < 3) {
    return 'wrong number of fields (need service, argument, source, target and action)';
  }
  const columns = parseServiceColumns(service, argument);
  if (typeof columns === 'string') return columns;
  return parseRuleTail(columns, rest, where);
}
