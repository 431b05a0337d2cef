import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, auditLogPath, auditRow, readRecentAudit } from '../../../services/daemon/audit-log.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const command = (n: number) => ({ time: `2026-11-27T10:00:${String(n).padStart(2, '0')}.000Z`, command: 'start', argv: ['start', `q${n}`], caller: { role: 'operator' as const, identity: 'local uid 1000', origin: 'unix socket' }, result: 'ok' as const });

describe('readRecentAudit', () => {
  it('gives the newest entries first, at most the limit', () => {
    const log = new AuditLog(auditLogPath(dir));
    for (let n = 0; n < 5; n++) log.append(command(n));
    const rows = readRecentAudit(log.path, 3);
    expect(rows.map((r) => (r.argv as string[])[1])).toEqual(['q4', 'q3', 'q2']);
  });

  it('passes over a line torn by a crash, and reaches into the rotated file when the current one is short', () => {
    const path = auditLogPath(dir);
    writeFileSync(`${path}.1`, `${JSON.stringify(command(1))}\n${JSON.stringify(command(2))}\n`);
    writeFileSync(path, `${JSON.stringify(command(3))}\n{"time":"2026-11-27T10:00:04`);
    appendFileSync(path, `\n${JSON.stringify(command(5))}\n`);
    expect(readRecentAudit(path, 10).map((r) => (r.argv as string[])[1])).toEqual(['q5', 'q3', 'q2', 'q1']);
    expect(readRecentAudit(path, 2).map((r) => (r.argv as string[])[1])).toEqual(['q5', 'q3']);
  });

  it('is empty where nothing was audited yet', () => {
    expect(readRecentAudit(auditLogPath(dir), 10)).toEqual([]);
  });
});

describe('auditRow', () => {
  it('reads a command entry: who, role, from where, the words, the result', () => {
    expect(auditRow({ ...command(1), result: 'denied', message: 'needs admin' })).toEqual({
      time: '2026-11-27T10:00:01.000Z', kind: 'command', who: 'local uid 1000', role: 'operator', from: 'unix socket', what: 'start q1', result: 'denied', message: 'needs admin',
    });
  });

  it('reads an SSH entry: the key, its address, the session event and its command', () => {
    const row = auditRow({ time: 't', event: 'exec', origin: '10.0.0.7:5022', fingerprint: 'SHA256:abc', comment: 'laptop', role: 'viewer', command: 'ls --format json', result: 'ok', exitCode: 0 });
    expect(row).toMatchObject({ kind: 'ssh', who: 'SHA256:abc laptop', role: 'viewer', from: 'ssh 10.0.0.7:5022', what: 'ssh exec ls --format json', result: 'ok' });
    expect(auditRow({ time: 't', event: 'rate-limited', origin: '10.0.0.9', result: 'refused', message: 'too many', count: 12 })).toMatchObject({ who: '-', what: 'ssh rate-limited', result: 'refused', message: 'too many (12 times)' });
  });

  it('reads a refused D-Bus call: the qube, the interface and member, why', () => {
    const row = auditRow({ time: 't', event: 'dbus-denied', qube: 'sys-net', interface: 'org.qtui.Network1', member: 'Connect', direction: 'call', reason: 'no rule' });
    expect(row).toMatchObject({ kind: 'dbus', who: 'sys-net', from: 'dbus call', what: 'org.qtui.Network1.Connect', result: 'denied', message: 'no rule' });
  });
});
