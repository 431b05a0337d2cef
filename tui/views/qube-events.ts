/**
 * The daemon's recent events (`events --format json`: qubes starting and
 * stopping, service links, notifications, errors) as the events view lists
 * them, newest first. Commands and SSH sessions are left to the audit log,
 * which says more of them.
 */
import { asArray, asObject, text } from './decode.js';

export interface QubeEventRow {
  time: string;
  type: string;
  qube: string;
  /** The event's other fields, `key=value`. */
  detail: string;
}

const IN_AUDIT_LOG = (type: string): boolean => type === 'command' || type.startsWith('ssh-');

export function decodeQubeEvents(json: unknown): QubeEventRow[] {
  return asArray(json, 'events')
    .map((v) => asObject(v, 'event'))
    .filter((o) => !IN_AUDIT_LOG(text(o, 'type')))
    .map((o) => {
      const detail = Object.entries(o)
        .filter(([k]) => k !== 'type' && k !== 'time' && k !== 'qube')
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      return { time: text(o, 'time'), type: text(o, 'type'), qube: text(o, 'qube'), detail };
    })
    .reverse();
}

export function eventColor(type: string): string | undefined {
  if (type.includes('error') || type.includes('failed') || type === 'domain-killed') return 'redBright';
  if (type === 'domain-start') return 'green';
  if (type === 'domain-shutdown') return 'yellow';
  return undefined;
}
