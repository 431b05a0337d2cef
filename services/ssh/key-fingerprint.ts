/**
 * Key fingerprints as `ssh-keygen -lf` prints them: SHA-256 of the public key
 * blob (the wire format), base64 without padding, prefixed "SHA256:".
 */
import { createHash } from 'node:crypto';

export function keyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Accepts a fingerprint with or without its "SHA256:" prefix, as users paste them. */
export function normalizeFingerprint(text: string): string {
  const t = text.trim();
  return t.startsWith('SHA256:') ? t : `SHA256:${t}`;
}
