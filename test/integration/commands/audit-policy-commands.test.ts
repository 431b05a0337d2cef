/**
 * The commands the console's events and policy views read, through a daemon
 * on its own simulated host: the audit log read back by `events --audit`, the
 * policy files listed and shown, and the tester's decision with its reason.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../../services/daemon/audit-log.js';
import { ConsoleModel } from '../../../services/sessions/console-model.js';
import { LiveStats } from '../../../services/sessions/live-stats.js';
import { DaemonFixture, OPERATOR, VIEWER } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';

let f: DaemonFixture;
beforeAll(async () => {
  await buildOnce();
  f = await DaemonFixture.start();
}, 180_000);
afterAll(() => f.teardown());

describe('events --audit', () => {
  it('lists every command newest first: who, role, from where, the words, the result; refusals too', async () => {
    await f.run(['ls'], VIEWER);
    await expect(f.run(['kill', 'work'], VIEWER)).rejects.toThrow(/viewer/);
    await f.run(['prefs', 'work'], OPERATOR);
    const rows = (await f.run(['events', '--audit', '--format', 'json'], VIEWER)).data as AuditRow[];
    // The read itself is audited after it ran, so the newest row is the prefs.
    expect(rows[0]).toMatchObject({ kind: 'command', who: 'test operator', role: 'operator', from: 'test', what: 'prefs work', result: 'ok' });
    expect(rows[1]).toMatchObject({ who: 'test viewer', role: 'viewer', what: 'kill work', result: 'denied', message: expect.stringMatching(/needs the operator role/) as unknown });
    expect(rows[2]).toMatchObject({ who: 'test viewer', what: 'ls', result: 'ok' });
    const times = rows.map((r) => r.time);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('--limit keeps the newest; the text form is one line per entry', async () => {
    const rows = (await f.run(['events', '--audit', '--limit', '2', '--format', 'json'])).data as AuditRow[];
    expect(rows).toHaveLength(2);
    expect(rows[0]?.what).toBe('events --audit --format json');
    const text = (await f.run(['events', '--audit', '-n', '1'])).text ?? '';
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/test admin {2}admin {2}test {2}events --audit --limit 2 --format json {2}ok/);
  });
});

describe('policy-files', () => {
  it('lists the files read with their rule counts, for a viewer, and shows one', async () => {
    const files = (await f.run(['policy-files', '--format', 'json'], VIEWER)).data as { file: string; rules: number; errors: number }[];
    expect(files.map((x) => x.file)).toContain('90-default.policy');
    expect(files.find((x) => x.file === '70-qtui-admin.policy')?.rules).toBeGreaterThan(10);
    const shown = (await f.run(['policy-files', '70-qtui-admin.policy', '--format', 'json'], VIEWER)).data as { file: string; text: string; cut: boolean };
    expect(shown.text).toContain('qtui.Admin  +policy-files   @tag:qtui-role  *  allow');
    expect(shown.cut).toBe(false);
  });

  it('shows no file the policy did not read', async () => {
    writeFileSync(join(f.paths.configDir, 'secret.txt'), 'not policy\n');
    await expect(f.run(['policy-files', '../secret.txt'], VIEWER)).rejects.toThrow(/no policy file/);
    await expect(f.run(['policy-files', '/etc/passwd'], VIEWER)).rejects.toThrow(/no policy file/);
  });

  it('policy-eval in JSON gives the action, the deciding file:line, the reason and the rule as written', async () => {
    const d = (await f.run(['policy-eval', 'qubes.ClipboardPaste', 'work', 'dom0', '--format', 'json'], VIEWER)).data as Record<string, unknown>;
    expect(d).toMatchObject({ action: 'deny', file: expect.stringMatching(/\.policy$/) as unknown, line: expect.any(Number) as unknown, reason: expect.any(String) as unknown });
    expect(d.rule).toMatch(/^qubes\.ClipboardPaste/);
  });
});

describe("a console's views read through its ConsoleModel", () => {
  const model = (): ConsoleModel => new ConsoleModel({ ctx: f.daemon.ctx, stats: new LiveStats(), run: (argv, caller, purpose) => f.run([...argv], caller, purpose), caller: VIEWER, session: 'test', onDetach: () => undefined });

  it('gets the whole JSON of a long answer, where a message-line text is cut', async () => {
    const m = model();
    try {
      const out = await m.run(['policy-files', '--format', 'json']);
      expect(out.ok).toBe(true);
      expect((out.text ?? '').length).toBeGreaterThan(300);
      expect((JSON.parse(out.text ?? 'null') as unknown[]).length).toBeGreaterThan(3);
      expect(((await m.run(['policy-files'])).text ?? '').length).toBeLessThanOrEqual(300);
    } finally {
      m.close();
    }
  });

  it("reads for a view without a line in the audit log each time, but writes down what it refuses", async () => {
    const m = model();
    const auditLength = async (): Promise<number> => ((await f.run(['events', '--audit', '--limit', '1000', '--format', 'json'])).data as AuditRow[]).length;
    try {
      const before = await auditLength();
      for (let i = 0; i < 5; i++) expect((await m.read(['policy-files', '--format', 'json'])).ok).toBe(true);
      expect((await m.read(['start', 'work'])).error).toMatch(/may not run it as a read/);
      // The two counting reads above are the admin's own commands, written down as every command is.
      expect(await auditLength()).toBe(before + 1);
      expect((await m.read(['ssh-keys', '--format', 'json'])).ok).toBe(false);
      const [last] = (await f.run(['events', '--audit', '--limit', '1', '--format', 'json'])).data as AuditRow[];
      expect(last).toMatchObject({ what: expect.stringContaining('ssh-keys') as unknown, result: 'denied' });
    } finally {
      m.close();
    }
  });

  it('leaves a failed JSON read to the view that asked, where a failed command becomes a notice', async () => {
    const m = model();
    try {
      expect(await m.run(['policy-files', 'nosuch.policy', '--format', 'json'])).toMatchObject({ ok: false, error: expect.stringMatching(/no policy file/) as unknown });
      expect(m.snapshot().notices).toEqual([]);
      await m.run(['policy-files', 'nosuch.policy']);
      expect(m.snapshot().notices.map((n) => n.text)).toEqual([expect.stringMatching(/no policy file/)]);
    } finally {
      m.close();
    }
  });
});
