import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateHostKey } from '../../../services/ssh/host-key.js';
import { sshKeygenFingerprint } from '../../fixtures/ssh/ssh-keys.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-hostkey-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadOrCreateHostKey', () => {
  it('creates an ed25519 key with mode 0600 whose fingerprint is what ssh-keygen prints', () => {
    const path = join(dir, 'conf', 'ssh_host_ed25519_key');
    const key = loadOrCreateHostKey(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(key.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+ qtui@/);
    expect(readFileSync(`${path}.pub`, 'utf8')).toBe(`${key.publicKey}\n`);
    expect(key.fingerprint).toBe(sshKeygenFingerprint(`${path}.pub`));
    // ssh-keygen reads the private key too (it refuses unprotected ones), and derives the same key
    expect(sshKeygenFingerprint(path)).toBe(key.fingerprint);
  });

  it('loads the same key on the next start', () => {
    const path = join(dir, 'ssh_host_ed25519_key');
    const first = loadOrCreateHostKey(path);
    const second = loadOrCreateHostKey(path);
    expect(second).toEqual(first);
  });

  it('refuses a private key that others can read', () => {
    const path = join(dir, 'ssh_host_ed25519_key');
    loadOrCreateHostKey(path);
    chmodSync(path, 0o644);
    expect(() => loadOrCreateHostKey(path)).toThrow(/readable by others \(mode 644\); run chmod 600/);
  });
});
