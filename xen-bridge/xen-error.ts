/** Why a call into Xen's tools failed, so callers can react without reading messages. */
export type XenErrorKind =
  | 'domain-not-found'
  | 'name-in-use'
  | 'out-of-memory'
  | 'invalid-argument'
  | 'timeout'
  | 'not-installed'
  | 'unparseable-output'
  | 'busy'
  | 'failed';

export class XenError extends Error {
  override readonly name = 'XenError';
  constructor(
    readonly kind: XenErrorKind,
    /** The program and its arguments, e.g. ["xl", "pause", "work"]. */
    readonly command: readonly string[],
    /** Exit code, or null when the program did not exit by itself (timeout, not found). */
    readonly exitCode: number | null,
    /** What the program printed on stderr (trimmed, bounded), or our own explanation. */
    readonly detail: string,
  ) {
    super(`${command.join(' ')}: ${kind}${detail ? `: ${detail}` : ''}`);
  }
}
