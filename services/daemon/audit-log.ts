/**
 * Who did what: every mutating command and every refusal, one JSON line each,
 * in the state folder. The file is rotated once so it cannot grow without end.
 */
import { appendFileSync, renameSync, statSync } from 'node:fs';
import type { AuditEntry } from '../commands/command-table.js';
import type { SshAuditEntry } from '../ssh/index.js';
import type { RelayAuditEntry } from '../relay/index.js';

const MAX_BYTES = 8 << 20;

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
