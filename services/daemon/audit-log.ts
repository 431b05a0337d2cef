/**
 * Who did what: every command (reads too) and every refusal, one JSON line
 * each, in the state folder. The file is rotated once so it cannot grow
 * without end; the newest entries are read back for `events --audit` and the
 * console's events view.
 */
import { appendFileSync, closeSync, fstatSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry } from '../commands/command-table.js';
import type { SshAuditEntry } from '../ssh/index.js';
import type { RelayAuditEntry } from '../relay/index.js';

const MAX_BYTES = 8 << 20;
/** Enough of a file's end for hundreds of entries, without reading megabytes per look. */
const TAIL_BYTES = 256 << 10;

export const AUDIT_LOG_FILE = 'audit.log';

export function auditLogPath(stateDir: string): string {
  return join(stateDir, AUDIT_LOG_FILE);
}

export type AuditRecord = Readonly<Record<string, unknown>>;

export class AuditLog {
  constructor(readonly path: string) {}

  append(entry: AuditEntry | SshAuditEntry | RelayAuditEntry): void {
    try {
      if (statSync(this.path).size > MAX_BYTES) renameSync(this.path, `${this.path}.1`);
    } catch {
      // No log yet.
    }
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }
}

/** The last lines of a file that hold whole JSON objects; a line cut by the tail's start is dropped. */
function tailRecords(path: string): AuditRecord[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n');
    if (length < size) lines.shift();
    const records: AuditRecord[] = [];
    for (const line of lines) {
      if (line === '') continue;
      try {
        const v = JSON.parse(line) as unknown;
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) records.push(v as AuditRecord);
      } catch {
        // A line torn by a crash mid-append is no record.
      }
    }
    return records;
  } finally {
    closeSync(fd);
  }
}

/** The newest `limit` entries, newest first, reaching into the rotated file when the current one is short. */
export function readRecentAudit(path: string, limit: number): AuditRecord[] {
  let records = tailRecords(path);
  if (records.length < limit) records = [...tailRecords(`${path}.1`), ...records];
  return records.slice(-limit).reverse();
}

/** One audit entry as people read it, whichever part of the daemon wrote it. */
export interface AuditRow {
  time: string;
  kind: 'command' | 'ssh' | 'dbus';
  /** A local user, an SSH key's fingerprint and comment, or the qube that called. */
  who: string;
  role: string;
  /** The socket, the SSH client's address, or the D-Bus link. */
  from: string;
  what: string;
  result: string;
  message: string;
}

function field(r: AuditRecord, key: string): string {
  const v = r[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

export function auditRow(r: AuditRecord): AuditRow {
  const time = field(r, 'time');
  const caller = r.caller;
  if (typeof caller === 'object' && caller !== null && !Array.isArray(caller)) {
    const c = caller as AuditRecord;
    const argv = Array.isArray(r.argv) ? r.argv.map(String) : [field(r, 'command')];
    return { time, kind: 'command', who: field(c, 'identity'), role: field(c, 'role'), from: field(c, 'origin'), what: argv.join(' '), result: field(r, 'result'), message: field(r, 'message') };
  }
  if (typeof r.interface === 'string') {
    return { time, kind: 'dbus', who: field(r, 'qube'), role: '', from: `dbus ${field(r, 'direction')}`, what: `${field(r, 'interface')}.${field(r, 'member')}`, result: field(r, 'event').replace(/^dbus-/, ''), message: field(r, 'reason') };
  }
  const command = field(r, 'command');
  const who = `${field(r, 'fingerprint')} ${field(r, 'comment')}`.trim();
  return {
    time,
    kind: 'ssh',
    who: who === '' ? '-' : who,
    role: field(r, 'role'),
    from: `ssh ${field(r, 'origin')}`,
    what: `ssh ${field(r, 'event')}${command === '' ? '' : ` ${command}`}`,
    result: field(r, 'result') || 'ok',
    message: [field(r, 'message'), field(r, 'count') === '' ? '' : `(${field(r, 'count')} times)`].filter((m) => m !== '').join(' '),
  };
}
