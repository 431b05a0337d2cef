/**
 * The shipped default policy: it loads cleanly, installs only into an empty
 * policy.d, and decides clipboard, file copy, relayed D-Bus and role checks
 * the way its comments say.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller, Role } from '../../../services/commands/command-spec.js';
import { evaluateCommand, policyAuthorizer, roleSource } from '../../../services/policy/command-policy.js';
import { evaluateDBus } from '../../../services/policy/dbus-policy.js';
import { defaultPolicyDir, installDefaultPolicy } from '../../../services/policy/default-policy.js';
import { evaluate } from '../../../services/policy/policy-evaluator.js';
import { loadPolicy } from '../../../services/policy/policy-loader.js';
import type { PolicyQube, PolicyQubes } from '../../../services/policy/policy-types.js';
import { testQubes } from './policy-test-host.js';

const policy = loadPolicy(defaultPolicyDir());

function caller(role: Role): Caller {
  return { role, identity: 'test', origin: 'test' };
}

describe('default policy', () => {
  it('loads without errors', () => {
    expect(policy.errors).toEqual([]);
    expect(policy.files).toEqual([
      '30-user.policy',
      '50-config-clipboard.policy',
      '50-config-filecopy.policy',
      '60-qtui-dbus.policy',
      '70-qtui-admin.policy',
      '90-default.policy',
    ]);
  });

  const clip = (source: string, target: string) => evaluate(policy, { service: 'qubes.ClipboardPaste', argument: '', source, target }, testQubes);
  const copy = (source: string, target: string) => evaluate(policy, { service: 'qubes.Filecopy', argument: '', source, target }, testQubes);

  it('clipboard: asks between qubes, guards vaults and dom0', () => {
    expect(clip('work', 'personal')).toMatchObject({ action: 'ask', target: 'personal', file: '50-config-clipboard.policy' });
    expect(clip('dom0', 'work')).toMatchObject({ action: 'ask', target: 'work' });
    expect(clip('work', 'vault').action).toBe('deny');
    expect(clip('vault', 'work').action).toBe('ask');
    expect(clip('vault', 'disp1234').action).toBe('deny');
    expect(clip('work', 'dom0')).toMatchObject({ action: 'deny', file: '50-config-clipboard.policy' });
  });

  it('clipboard: a no-clipboard tag stops both directions', () => {
    const sealed: PolicyQube = { name: 'sealed', klass: 'AppVM', tags: ['no-clipboard'] };
    const qubes: PolicyQubes = { get: (n) => (n === 'sealed' ? sealed : testQubes.get(n)) };
    expect(evaluate(policy, { service: 'qubes.ClipboardPaste', argument: '', source: 'sealed', target: 'work' }, qubes).action).toBe('deny');
    expect(evaluate(policy, { service: 'qubes.ClipboardPaste', argument: '', source: 'work', target: 'sealed' }, qubes).action).toBe('deny');
  });

  it('file copy: asks (also for a target picked at the prompt), never into a vault or dom0', () => {
    expect(copy('work', '@default')).toMatchObject({ action: 'ask', file: '50-config-filecopy.policy' });
    expect(copy('work', 'personal')).toMatchObject({ action: 'ask', target: 'personal' });
    expect(copy('work', 'vault').action).toBe('deny');
    expect(copy('vault', 'disp77').action).toBe('deny');
    expect(copy('work', 'dom0').action).toBe('deny');
  });

  it('relayed D-Bus: the console drives agents, agents report back, nothing else passes', () => {
    const msg = (iface: string, member: string, source: string, target: string) => evaluateDBus(policy, { interface: iface, member, source, target }, testQubes);
    expect(msg('org.qtui.Network1', 'Connect', 'dom0', 'sys-net')).toMatchObject({ action: 'allow', target: 'sys-net', file: '60-qtui-dbus.policy' });
    expect(msg('org.qtui.Network1', 'StateChanged', 'sys-net', 'dom0')).toMatchObject({ action: 'allow', target: '@adminvm' });
    expect(msg('org.freedesktop.Notifications', 'Notify', 'work', 'dom0').action).toBe('allow');
    expect(msg('org.freedesktop.Notifications', 'Notify', 'work', 'sys-gui').action).toBe('allow');
    expect(msg('org.freedesktop.Notifications', 'CloseNotification', 'work', 'sys-gui')).toMatchObject({ action: 'deny', file: '90-default.policy' });
    // A compromised sys-firewall may not drive sys-net's agent.
    expect(msg('org.qtui.Network1', 'Connect', 'sys-firewall', 'sys-net')).toMatchObject({ action: 'deny', file: '90-default.policy' });
    // An interface named like another service does not borrow its rules.
    expect(msg('qubes.Filecopy', 'x', 'work', 'personal')).toMatchObject({ action: 'deny', file: '90-default.policy' });
    expect(msg('org.qtui.Network1', 'Con nect', 'dom0', 'sys-net')).toMatchObject({ action: 'deny', reason: expect.stringMatching(/invalid D-Bus member/) });
    expect(msg('Network1', 'Connect', 'dom0', 'sys-net')).toMatchObject({ action: 'deny', reason: expect.stringMatching(/invalid D-Bus interface/) });
  });

  it('roles: a viewer may look, an operator may run qubes, an admin may do anything', () => {
    expect(evaluateCommand(policy, 'viewer', 'ls')).toMatchObject({ action: 'allow', file: '70-qtui-admin.policy' });
    expect(evaluateCommand(policy, 'viewer', 'start')).toMatchObject({ action: 'deny', file: '70-qtui-admin.policy' });
    expect(evaluateCommand(policy, 'viewer', 'start', testQubes, 'work').action).toBe('deny');
    expect(evaluateCommand(policy, 'operator', 'start', testQubes, 'work')).toMatchObject({ action: 'allow', target: 'work' });
    expect(evaluateCommand(policy, 'operator', 'create-dispvm').action).toBe('allow');
    expect(evaluateCommand(policy, 'viewer', 'prefs').action).toBe('allow');
    expect(evaluateCommand(policy, 'operator', 'prefs-set').action).toBe('deny');
    expect(evaluateCommand(policy, 'admin', 'prefs-set').action).toBe('allow');
    expect(evaluateCommand(policy, 'operator', 'create').action).toBe('deny');
    expect(evaluateCommand(policy, 'operator', 'remove', testQubes, 'work').action).toBe('deny');
    expect(evaluateCommand(policy, 'admin', 'create').action).toBe('allow');
    expect(evaluateCommand(policy, 'admin', 'remove', testQubes, 'work').action).toBe('allow');
    // A command on a qube that does not exist is refused before any rule.
    const ghost = evaluateCommand(policy, 'admin', 'start', testQubes, 'ghost');
    expect(ghost).toMatchObject({ action: 'deny', reason: 'target qube ghost does not exist' });
    expect(ghost.file).toBeUndefined();
  });

  it('roles exist only in command checks: a real qube named like one gains nothing', () => {
    const impostor: PolicyQube = { name: roleSource('admin'), klass: 'AppVM', tags: [] };
    const qubes: PolicyQubes = { get: (n) => (n === impostor.name ? impostor : testQubes.get(n)) };
    // As the source of an ordinary call, the impostor is a plain qube.
    expect(evaluate(policy, { service: 'qubes.Filecopy', argument: '', source: impostor.name, target: 'vault' }, qubes).action).toBe('deny');
    // And a command check always sees the pseudo-qube, whatever the registry holds.
    const viewer = evaluateCommand(policy, 'viewer', 'start', { get: (n) => ({ name: n, klass: 'AppVM', tags: ['qtui-role-admin'] }) });
    expect(viewer.action).toBe('deny');
  });

  it('the command table authorizer follows the policy and refuses ask', () => {
    let current = policy;
    const authorize = policyAuthorizer(() => current);
    expect(authorize('ls', caller('viewer')).allowed).toBe(true);
    const refused = authorize('start', caller('viewer'));
    expect(refused.allowed).toBe(false);
    expect(refused.reason).toMatch(/70-qtui-admin\.policy:\d+/);
    const dir = mkdtempSync(join(tmpdir(), 'qtui-policy-'));
    try {
      writeFileSync(join(dir, '10-ask.policy'), 'qtui.Admin  +kill  role-operator  *  ask\n');
      current = loadPolicy(dir);
      const asked = authorize('kill', caller('operator'));
      expect(asked.allowed).toBe(false);
      expect(asked.reason).toMatch(/ask/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('installing the default policy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qtui-policy-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills a missing policy.d with every default file, which then loads cleanly', () => {
    const folder = join(dir, 'config', 'policy.d');
    const installed = installDefaultPolicy(folder);
    expect(installed).toEqual(readdirSync(defaultPolicyDir()).filter((n) => n.endsWith('.policy')).sort());
    expect(readdirSync(folder).sort()).toEqual(installed);
    for (const name of installed) {
      expect(readFileSync(join(folder, name), 'utf8')).toBe(readFileSync(join(defaultPolicyDir(), name), 'utf8'));
    }
    expect(statSync(folder).mode & 0o777).toBe(0o755);
    expect(loadPolicy(folder).errors).toEqual([]);
    // Nothing of the staging folder is left behind.
    expect(readdirSync(join(dir, 'config'))).toEqual(['policy.d']);
  });

  it('fills an existing empty policy.d', () => {
    const folder = join(dir, 'policy.d');
    mkdirSync(folder);
    expect(installDefaultPolicy(folder).length).toBeGreaterThan(0);
    expect(loadPolicy(folder).rules.length).toBe(policy.rules.length);
  });

  it('leaves a policy.d that holds anything alone', () => {
    const folder = join(dir, 'policy.d');
    mkdirSync(folder);
    writeFileSync(join(folder, '10-mine.policy'), '*  *  *  *  deny\n');
    expect(installDefaultPolicy(folder)).toEqual([]);
    expect(readdirSync(folder)).toEqual(['10-mine.policy']);
    expect(installDefaultPolicy(join(dir, 'again'))).not.toEqual([]);
    expect(installDefaultPolicy(join(dir, 'again'))).toEqual([]);
  });
});
