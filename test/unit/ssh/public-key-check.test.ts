import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAuthorizedKeyLine, parseAuthorizedKeys, type AuthorizedKey } from '../../../services/ssh/authorized-keys.js';
import { checkPublicKey } from '../../../services/ssh/public-key-check.js';
import { makeClientKey, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';

let dir: string;
let ed: ClientKey;
let rsa: ClientKey;
let other: ClientKey;
let keys: AuthorizedKey[];

function privateKey(k: ClientKey): ParsedKey {
  const parsed = ssh2.utils.parseKey(readFileSync(k.path));
  if (parsed instanceof Error) throw parsed;
  return parsed;
}

function publicBlob(k: ClientKey): Buffer {
  return Buffer.from(k.publicKey.split(' ')[1] as string, 'base64');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-pkcheck-'));
  ed = makeClientKey(dir, 'ed');
  rsa = makeClientKey(dir, 'rsa', 'rsa', 2048);
  other = makeClientKey(dir, 'other');
  keys = parseAuthorizedKeys([formatAuthorizedKeyLine('admin', undefined, ed.publicKey), formatAuthorizedKeyLine('viewer', '127.0.0.1', rsa.publicKey)].join('\n')).keys;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What the signature covers is opaque here: session id and request, as ssh2 hands it over.
const signed = Buffer.from('session-id and userauth request');

describe('checkPublicKey', () => {
  it('accepts a listed key on query, and its signature when made with the matching private key', () => {
    const offer = { algo: 'ssh-ed25519', data: publicBlob(ed) };
    expect(checkPublicKey(keys, offer, '10.1.1.1')).toMatchObject({ ok: true, signed: false, key: { role: 'admin' } });
    const signature = privateKey(ed).sign(signed);
    expect(checkPublicKey(keys, { ...offer, blob: signed, signature }, '10.1.1.1')).toMatchObject({ ok: true, signed: true });
  });

  it('refuses a listed key whose signature was made by another private key, or over other data', () => {
    const offer = { algo: 'ssh-ed25519', data: publicBlob(ed), blob: signed };
    expect(checkPublicKey(keys, { ...offer, signature: privateKey(other).sign(signed) }, undefined)).toEqual({ ok: false, reason: 'signature does not verify', fingerprint: ed.fingerprint });
    expect(checkPublicKey(keys, { ...offer, signature: privateKey(ed).sign(Buffer.from('replayed')) }, undefined)).toMatchObject({ ok: false, reason: 'signature does not verify' });
  });

  it('refuses unknown keys, SHA-1 RSA signatures, mismatched algorithms and addresses outside from=', () => {
    expect(checkPublicKey(keys, { algo: 'ssh-ed25519', data: publicBlob(other) }, undefined)).toEqual({ ok: false, reason: 'key not authorized', fingerprint: other.fingerprint });
    const rsaOffer = { algo: 'ssh-rsa', data: publicBlob(rsa), blob: signed };
    expect(checkPublicKey(keys, { ...rsaOffer, signature: privateKey(rsa).sign(signed, 'sha1') }, '127.0.0.1')).toMatchObject({ ok: false, reason: expect.stringMatching(/SHA-1/) });
    expect(checkPublicKey(keys, { ...rsaOffer, hashAlgo: 'sha512', signature: privateKey(rsa).sign(signed, 'sha512') }, '127.0.0.1')).toMatchObject({ ok: true, signed: true });
    expect(checkPublicKey(keys, { ...rsaOffer, hashAlgo: 'sha256', signature: privateKey(rsa).sign(signed, 'sha256') }, '127.0.0.2')).toMatchObject({ ok: false, reason: 'key not allowed from 127.0.0.2 (from= option)' });
    expect(checkPublicKey(keys, { algo: 'ecdsa-sha2-nistp256', data: publicBlob(ed) }, undefined)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
  });
});
