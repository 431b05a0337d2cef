import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { ed25519PublicBlob, ed25519Raw, encodeOpenSshEd25519, generateOpenSshEd25519 } from '../../../services/ssh/openssh-private-key.js';

const dir = mkdtempSync(join(tmpdir(), 'qtui-opensshkey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ed25519 key of a given seed, through PKCS#8 (RFC 8410). */
function keyFromSeed(seed: Buffer): { seed: Buffer; pub: Buffer } {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return ed25519Raw(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
}

/** What ssh-keygen derives from the private key file: the proof OpenSSH reads it. */
function sshKeygenPublic(privateKey: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, privateKey, { mode: 0o600 });
  return execFileSync('ssh-keygen', ['-y', '-f', path], { encoding: 'utf8' }).split(' ')[1] as string;
}

describe('OpenSSH ed25519 private keys', () => {
  it('are read by ssh-keygen and ssh2, even when the key bytes begin with zeros', () => {
    // Keys starting with a zero byte are the ones ssh2's own generator gets wrong.
    let i = 0;
    let key = keyFromSeed(Buffer.alloc(32));
    while (key.pub[0] !== 0) {
      const seed = Buffer.alloc(32);
      seed.writeUInt32BE(++i, 28);
      key = keyFromSeed(seed);
    }
    expect(key.seed[0]).toBe(0);
    const text = encodeOpenSshEd25519(key.seed, key.pub, 'zeros@test');
    expect(sshKeygenPublic(text, 'zeros')).toBe(ed25519PublicBlob(key.pub).toString('base64'));
    const parsed = ssh2.utils.parseKey(text);
    if (parsed instanceof Error) throw parsed;
    expect(parsed.comment).toBe('zeros@test');
    expect(parsed.getPublicSSH().equals(ed25519PublicBlob(key.pub))).toBe(true);
    const signature = parsed.sign(Buffer.from('data'));
    const pub = ssh2.utils.parseKey(`ssh-ed25519 ${ed25519PublicBlob(key.pub).toString('base64')}`);
    if (pub instanceof Error) throw pub;
    expect(pub.verify(Buffer.from('data'), signature)).toBe(true);
    expect(pub.verify(Buffer.from('other'), signature)).toBe(false);
  });

  it('are freshly random each time and always readable', () => {
    const texts = Array.from({ length: 50 }, () => generateOpenSshEd25519('c'));
    expect(new Set(texts).size).toBe(50);
    for (const t of texts) expect(ssh2.utils.parseKey(t)).not.toBeInstanceOf(Error);
    expect(sshKeygenPublic(texts[0] as string, 'fresh')).toMatch(/^AAAAC3NzaC1lZDI1NTE5AAAAI/);
  });
});
