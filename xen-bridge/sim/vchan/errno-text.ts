/**
 * perror(3)'s wording for the errors a socket proxy meets, so the simulated
 * program's stderr reads like the C one's ("bind: Address already in use").
 */
const GLIBC_STRERROR: Readonly<Record<string, string>> = {
  EACCES: 'Permission denied',
  EADDRINUSE: 'Address already in use',
  EBADF: 'Bad file descriptor',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  ENAMETOOLONG: 'File name too long',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  ENOTSOCK: 'Socket operation on non-socket',
  EPIPE: 'Broken pipe',
  EPERM: 'Operation not permitted',
  ESRCH: 'No such process',
};

export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && code in GLIBC_STRERROR) return GLIBC_STRERROR[code] ?? code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** perror(prefix) */
export function perrorLine(prefix: string, e: unknown): string {
  return `${prefix}: ${errnoText(e)}\n`;
}
