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
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
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
      this.keys = version === null ? { keys: [], errors: [] } : parseAuthorizedKeys(readFileSync(this.path, 'utf8'));
    } catch (e) {
      this.version = undefined;
      this.keys = { keys: [], errors: [{ line: 0, message: `cannot read ${this.path}: ${(e as Error).message}` }] };
    }
    this.onReload?.(this.keys);
    return this.keys;
  }
}
