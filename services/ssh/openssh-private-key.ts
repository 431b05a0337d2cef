/**
 * Writes an ed25519 key pair made by Node's crypto in OpenSSH's private key
 * format (PROTOCOL.key in OpenSSH's sources), unencrypted, as ssh-keygen
 * does. ssh2's own generateKeyPairSync('ed25519') cannot be used: it drops
 * leading zero bytes of the key, so about one key in 128 comes out malformed.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The raw 32-byte seed and public key of an ed25519 key. */
export function ed25519Raw(privateKey: KeyObject): { seed: Buffer; pub: Buffer } {
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.d === undefined || jwk.x === undefined) throw new Error('not an ed25519 private key');
  return { seed: Buffer.from(jwk.d, 'base64url'), pub: Buffer.from(jwk.x, 'base64url') };
}

export function ed25519PublicBlob(pub: Buffer): Buffer {
  return Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
}

export function encodeOpenSshEd25519(seed: Buffer, pub: Buffer, comment: string): string {
  const check = randomBytes(4);
  const unpadded = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const padding = Buffer.from(Array.from({ length: (8 - (unpadded.length % 8)) % 8 }, (_v, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(ed25519PublicBlob(pub)),
    sshString(Buffer.concat([unpadded, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

export function generateOpenSshEd25519(comment: string): string {
  const { seed, pub } = ed25519Raw(generateKeyPairSync('ed25519').privateKey);
  return encodeOpenSshEd25519(seed, pub, comment);
}
