/**
 * Why a relayed call did not give an answer. Every failure of the relay is
 * one of these, so callers (commands, views) can say what happened without
 * parsing messages.
 */
export type RelayErrorKind =
  /** The policy refused the call; nothing was sent. */
  | 'denied'
  /** The qube is not a running service qube, or its link is not up. */
  | 'down'
  /** No answer in time. */
  | 'timeout'
  /** The agent answered with a D-Bus error. */
  | 'remote'
  /** The answer broke its signature or limits; it was discarded. */
  | 'invalid-reply'
  /** The arguments dom0 was about to send are not acceptable. */
  | 'invalid-args';

export class RelayError extends Error {
  override readonly name = 'RelayError';
  constructor(
    readonly kind: RelayErrorKind,
    message: string,
    /** For 'remote': the D-Bus error name the agent gave. */
    readonly remoteName?: string,
  ) {
    super(message);
  }
}
