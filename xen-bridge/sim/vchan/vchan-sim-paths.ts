/**
 * Where the simulated host keeps what real Xen keeps in xenstore and shared
 * memory: a vchan between domain D's server and its peer is a unix socket
 * under <QTUI_SIM_DIR>/vchan/<D>/, and a value written to xenstore by the
 * proxy (its state path) is a file under <QTUI_SIM_DIR>/xenstore-data/.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Linux's sun_path holds 108 bytes including the terminating NUL. */
export const UNIX_PATH_MAX = 108;

/** xenstore resolves a relative path against the calling domain's home, /local/domain/<own id>. */
export function absoluteXenstorePath(path: string, ownDomid: number): string {
  return path.startsWith('/') ? path : `/local/domain/${ownDomid}/${path}`;
}

/** Any xenstore path as one file name: bytes outside [A-Za-z0-9._-] become %XX, so "/" can never split it. */
export function encodeXenstorePath(path: string): string {
  return Array.from(Buffer.from(path, 'utf8'), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9._-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

export function vchanFolder(simDir: string, serverDomid: number): string {
  return join(simDir, 'vchan', String(serverDomid));
}

/**
 * The socket the server proxy of domain serverDomid listens on for the vchan
 * at absPath. The readable name is used when it fits in sun_path; a long one
 * is replaced by a digest so deep state dirs and long service names still work.
 */
export function vchanSocketPath(simDir: string, serverDomid: number, absPath: string): string {
  const folder = vchanFolder(simDir, serverDomid);
  const home = `/local/domain/${serverDomid}/`;
  const readable = join(folder, `${encodeXenstorePath(absPath.startsWith(home) ? absPath.slice(home.length) : absPath)}.sock`);
  if (Buffer.byteLength(readable) < UNIX_PATH_MAX) return readable;
  return join(folder, `h-${createHash('sha256').update(absPath).digest('hex').slice(0, 24)}.sock`);
}

/** The file that holds the value of xenstore key absPath (what `--state-path` writes "running" to). */
export function xenstoreDataPath(simDir: string, absPath: string): string {
  return join(simDir, 'xenstore-data', encodeXenstorePath(absPath));
}
