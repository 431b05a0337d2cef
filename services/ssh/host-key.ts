/**
 * The server's ed25519 host key: generated on first start, kept with mode
 * 0600, and never silently replaced, so clients that pinned it keep trusting
 * the host. Like sshd, a private key readable by others is refused.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import ssh2 from 'ssh2';
import { keyFingerprint } from './key-fingerprint.js';
import { generateOpenSshEd25519 } from './openssh-private-key.js';

export interface HostKey {
  /** The private key, OpenSSH format, for ssh2's hostKeys. */
  privateKey: string;
  /** `ssh-ed25519 AAAA… comment`, what a known_hosts line carries. */
  publicKey: string;
  /** What `ssh-keygen -lf` and a connecting client show: SHA256:… */
  fingerprint: string;
}

function writeNewFile(path: string, text: string, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readHostKey(path: string): HostKey {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`the SSH host key ${path} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
  }
  const parsed = ssh2.utils.parseKey(readFileSync(path));
  if (parsed instanceof Error) throw new Error(`the SSH host key ${path} does not parse: ${parsed.message}`);
  if (parsed.type !== 'ssh-ed25519' || !parsed.isPrivateKey()) throw new Error(`the SSH host key ${path} is not an ed25519 private key`);
  const blob = parsed.getPublicSSH();
  return {
    privateKey: readFileSync(path, 'utf8'),
    publicKey: `ssh-ed25519 ${blob.toString('base64')} ${parsed.comment}`.trim(),
    fingerprint: keyFingerprint(blob),
  };
}

/**
 * Loads the host key at path, creating it first when absent. Two processes
 * starting at once end up with the same key: the new one is written aside
 * and hard-linked into place, which fails if the other won.
 */
export function loadOrCreateHostKey(path: string): HostKey {
  try {
    return readHostKey(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeNewFile(temp, generateOpenSshEd25519(`qtui@${hostname()}`), 0o600);
  try {
    linkSync(temp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(temp);
  }
  const key = readHostKey(path);
  try {
    writeNewFile(`${path}.pub`, `${key.publicKey}\n`, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return key;
}
