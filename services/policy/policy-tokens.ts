/**
 * The source and target columns and the target=/default_target= parameters.
 * Each place accepts its own set of tokens, as in qrexec: a source is never
 * `@default`, and a redirect names one concrete place to send the call.
 */
import { POLICY_QUBE_CLASSES, type PolicyQubeClass, type PolicyToken } from './policy-types.js';

export type TokenPlace = 'source' | 'target' | 'redirect';

const ALLOWED: Record<TokenPlace, ReadonlySet<PolicyToken['kind']>> = {
  source: new Set(['any', 'anyvm', 'adminvm', 'dispvm', 'dispvm-of', 'dispvm-tag', 'tag', 'type', 'name']),
  target: new Set(['any', 'anyvm', 'adminvm', 'default', 'dispvm', 'dispvm-of', 'dispvm-tag', 'tag', 'type', 'name']),
  redirect: new Set(['adminvm', 'dispvm', 'dispvm-of', 'name']),
};

// The same rule the registry applies to qube names, so a policy can only name qubes that could exist.
const QUBE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_.-]{0,30}$/;
// Qubes' own tag rule.
const TAG_RE = /^[a-zA-Z0-9_-]+$/;

export function isPolicyQubeName(name: string): boolean {
  return QUBE_NAME_RE.test(name) && !name.endsWith('-dm') && name !== 'none' && name !== 'default' && name !== 'Domain-0';
}

function isQubeClass(s: string): s is PolicyQubeClass {
  return (POLICY_QUBE_CLASSES as readonly string[]).includes(s);
}

function parseAny(text: string): PolicyToken | string {
  switch (text) {
    case '*':
      return { kind: 'any' };
    case '@anyvm':
      return { kind: 'anyvm' };
    // qrexec still accepts the old name of the admin qube.
    case '@adminvm':
    case 'dom0':
      return { kind: 'adminvm' };
    case '@default':
      return { kind: 'default' };
    case '@dispvm':
      return { kind: 'dispvm' };
  }
  if (text.startsWith('@dispvm:@tag:')) {
    const tag = text.slice('@dispvm:@tag:'.length);
    return TAG_RE.test(tag) ? { kind: 'dispvm-tag', tag } : `invalid tag in ${JSON.stringify(text)}`;
  }
  if (text.startsWith('@dispvm:')) {
    const name = text.slice('@dispvm:'.length);
    return isPolicyQubeName(name) ? { kind: 'dispvm-of', name } : `invalid qube name in ${JSON.stringify(text)}`;
  }
  if (text.startsWith('@tag:')) {
    const tag = text.slice('@tag:'.length);
    return TAG_RE.test(tag) ? { kind: 'tag', tag } : `invalid tag in ${JSON.stringify(text)}`;
  }
  if (text.startsWith('@type:')) {
    const klass = text.slice('@type:'.length);
    return isQubeClass(klass) ? { kind: 'type', klass } : `unknown qube class in ${JSON.stringify(text)} (one of ${POLICY_QUBE_CLASSES.join(', ')})`;
  }
  if (text.startsWith('@')) return `unknown token ${JSON.stringify(text)}`;
  return isPolicyQubeName(text) ? { kind: 'name', name: text } : `invalid qube name ${JSON.stringify(text)}`;
}

/** The token, or a message saying why the text is not one allowed in this place. */
export function parseToken(text: string, place: TokenPlace): PolicyToken | string {
  const token = parseAny(text);
  if (typeof token === 'string') return `invalid ${place} token: ${token}`;
  if (!ALLOWED[place].has(token.kind)) return `invalid ${place} token: ${JSON.stringify(text)} is not allowed as a ${place}`;
  return token;
}

export function formatToken(token: PolicyToken): string {
  switch (token.kind) {
    case 'any':
      return '*';
    case 'anyvm':
      return '@anyvm';
    case 'adminvm':
      return '@adminvm';
    case 'default':
      return '@default';
    case 'dispvm':
      return '@dispvm';
    case 'dispvm-of':
      return `@dispvm:${token.name}`;
    case 'dispvm-tag':
      return `@dispvm:@tag:${token.tag}`;
    case 'tag':
      return `@tag:${token.tag}`;
    case 'type':
      return `@type:${token.klass}`;
    case 'name':
      return token.name;
  }
}
