/**
 * The audit log as the events view lists it: the rows of `events --audit
 * --format json` (newest first), with runs of the same entry folded into one
 * row with a count, so a view that reads the log every second shows its own
 * reads once rather than filling the screen with them.
 */
import type { AuditRow } from '../../services/daemon/audit-log.js';
import { asArray, asObject, text } from './decode.js';

/** A row of `events --audit` as the daemon writes it, and how many entries it stands for (1, or a run of the same). */
export interface AuditRowView extends AuditRow {
  count: number;
}

const KINDS: readonly AuditRow['kind'][] = ['command', 'ssh', 'dbus'];

export function decodeAuditRows(json: unknown): AuditRowView[] {
  return asArray(json, 'events --audit').map((v) => {
    const o = asObject(v, 'audit entry');
    const kind = KINDS.find((k) => k === o.kind) ?? 'command';
    return { time: text(o, 'time'), kind, who: text(o, 'who'), role: text(o, 'role'), from: text(o, 'from'), what: text(o, 'what'), result: text(o, 'result'), message: text(o, 'message'), count: 1 };
  });
}

const sameEntry = (a: AuditRowView, b: AuditRowView): boolean =>
  a.who === b.who && a.from === b.from && a.what === b.what && a.result === b.result && a.message === b.message && a.role === b.role;

/** Neighbours that are the same entry become one row, with the newest time. */
export function foldRuns(rows: readonly AuditRowView[]): AuditRowView[] {
  const folded: AuditRowView[] = [];
  for (const r of rows) {
    const last = folded[folded.length - 1];
    if (last !== undefined && sameEntry(last, r)) folded[folded.length - 1] = { ...last, count: last.count + r.count };
    else folded.push({ ...r });
  }
  return folded;
}

/** An SSH key as `comment SHA256:…`: the comment names the person, and the fingerprint is long enough to be cut. */
export function displayWho(who: string): string {
  const m = /^(SHA256:\S+) (.+)$/.exec(who);
  return m ? `${m[2]} ${m[1]}` : who;
}

/** `2026-11-27T11:24:12.345Z` as `11-27 11:24:12`: the year says nothing on a live log. */
export function shortTime(iso: string): string {
  const m = /^\d{4}-(\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function resultColor(result: string): string | undefined {
  if (result === 'ok') return 'green';
  if (result === 'denied' || result === 'refused') return 'red';
  if (result === 'error' || result === 'invalid') return 'redBright';
  return undefined;
}
