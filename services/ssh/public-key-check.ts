/**
 * Decides one `publickey` authentication request against the authorized keys:
 * the offered key must be listed (compared in constant time), of an accepted
 * algorithm (no SHA-1 RSA signatures), allowed from the client's address, and,
 * when the request carries a signature, that signature must verify over the
 * session-bound data ssh2 hands over: the key alone proves nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import { addressAllowed } from './address-patterns.js';
import type { AuthorizedKey } from './authorized-keys.js';
import { keyFingerprint } from './key-fingerprint.js';

export interface PublicKeyOffer {
  /** The key algorithm of the request (ssh2 reports rsa-sha2-* as ssh-rsa plus hashAlgo). */
  algo: string;
  /** The offered public key blob. */
  data: Buffer;
  hashAlgo?: string;
  signature?: Buffer;
  /** The data the signature covers. */
  blob?: Buffer;
}

export type PublicKeyVerdict =
  | { ok: true; key: AuthorizedKey; signed: boolean }
  | { ok: false; reason: string; fingerprint: string };

function sameBlob(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkPublicKey(keys: readonly AuthorizedKey[], offer: PublicKeyOffer, address: string | undefined): PublicKeyVerdict {
  const fingerprint = keyFingerprint(offer.data);
  const refuse = (reason: string): PublicKeyVerdict => ({ ok: false, reason, fingerprint });

  // Every line is compared, so the time taken does not tell where a match is.
  const listed = keys.filter((k) => sameBlob(k.blob, offer.data));
  if (listed.length === 0) return refuse('key not authorized');
  const [first] = listed as [AuthorizedKey, ...AuthorizedKey[]];
  if (offer.algo !== first.type) return refuse(`algorithm ${offer.algo} does not match the ${first.type} key`);
  if (first.type === 'ssh-rsa' && offer.hashAlgo !== 'sha256' && offer.hashAlgo !== 'sha512') {
    return refuse('ssh-rsa (SHA-1) signatures are not accepted; the client must use rsa-sha2-256 or rsa-sha2-512');
  }
  const key = listed.find((k) => !k.from || addressAllowed(k.from, address));
  if (!key) return refuse(`key not allowed from ${address ?? 'this connection'} (from= option)`);
  if (!offer.signature) return { ok: true, key, signed: false };
  if (!offer.blob || key.publicKey.verify(offer.blob, offer.signature, offer.hashAlgo) !== true) return refuse('signature does not verify');
  return { ok: true, key, signed: true };
}
