/** `firewall-list QUBE --format json`: null rules is "no list: all traffic accepted". */
import { asObject } from './decode.js';

export interface FirewallList {
  qube: string;
  rules: string[] | null;
}

export function decodeFirewall(json: unknown): FirewallList {
  const o = asObject(json, 'firewall-list');
  const rules = o.rules;
  if (rules !== null && !Array.isArray(rules)) throw new Error('firewall-list: expected a list of rules');
  return { qube: typeof o.qube === 'string' ? o.qube : '', rules: rules === null ? null : rules.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))) };
}
