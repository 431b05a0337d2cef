/**
 * The authorized keys as currently on disk. Each call to current() stats the
 * file and re-reads it when it changed, so an edit, an `ssh authorize` or a
 * revocation counts from the very next authentication attempt. A stat per
 * attempt is cheap, and unlike fs.watch it survives editors that replace the
 * file by renaming a new one over it.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseAuthorizedKeys, type AuthorizedKeys } from './authorized-keys.js';

function fileVersion(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.mode}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export class AuthorizedKeysStore {
  private version: string | null | undefined;
  private keys: AuthorizedKeys = { keys: [], errors: [] };

  /** onReload sees every fresh read, so its errors can reach the audit log once per change. */
  constructor(
    readonly path: string,
    private readonly onReload?: (keys: AuthorizedKeys) => void,
  ) {}

  current(): AuthorizedKeys {
    let version: string | null;
    try {
      version = fileVersion(this.path);
    } catch (e) {
      return { keys: [], errors: [{ line: 0, message: `cannot read ${this.path}: ${(e as Error).message}` }] };
    }
    if (version === this.version) return this.keys;
    this.version = version;
    try {
      this.keys = version === null ? { keys: [], errors: [] } : this.read();
    } catch (e) {
      this.version = undefined;
      this.keys = { keys: [], errors: [{ line: 0, message: `cannot read ${this.path}: ${(e as Error).message}` }] };
    }
    this.onReload?.(this.keys);
    return this.keys;
  }

  /** Like sshd's StrictModes: a file others could write to grants nothing. */
  private read(): AuthorizedKeys {
    const mode = statSync(this.path).mode & 0o777;
    if ((mode & 0o022) !== 0) {
      return { keys: [], errors: [{ line: 0, message: `${this.path} is writable by others (mode ${mode.toString(8)}); no key is accepted until: chmod go-w ${this.path}` }] };
    }
    return parseAuthorizedKeys(readFileSync(this.path, 'utf8'));
  }
}
