/**
 * The shapes the policy engine works with. The engine knows qubes only
 * through PolicyQubes, so it does not depend on the registry: the daemon
 * passes a view of the registry, tests pass a plain table.
 */

export const POLICY_QUBE_CLASSES = ['AdminVM', 'AppVM', 'TemplateVM', 'StandaloneVM', 'DispVM'] as const;
export type PolicyQubeClass = (typeof POLICY_QUBE_CLASSES)[number];

export interface PolicyQube {
  name: string;
  klass: PolicyQubeClass;
  tags: readonly string[];
  /** The AppVM a `@dispvm` asked for by this qube is made from; null/absent: none. */
  defaultDispvm?: string | null;
  /** For a DispVM: the AppVM it was made from. */
  template?: string | null;
  /**
   * Whether disposables may be made from this qube (Qubes' template_for_dispvms).
   * Absent means the caller does not track it, and any AppVM is accepted.
   */
  templateForDispvms?: boolean;
}

export interface PolicyQubes {
  get(name: string): PolicyQube | undefined;
}

export interface PolicyRequest {
  service: string;
  /** Without the leading '+'; '' when the call has none. */
  argument: string;
  /** The calling qube's name ('dom0' or '@adminvm' for dom0). */
  source: string;
  /** A qube name, or '@default' (also ''), '@adminvm', '@dispvm', '@dispvm:NAME'. */
  target: string;
}

export type PolicyAction = 'allow' | 'deny' | 'ask';

export interface Decision {
  action: PolicyAction;
  /**
   * allow: where the call goes (a qube name, '@adminvm', or '@dispvm:NAME' for
   * a new disposable from NAME). ask: the one target offered, when known.
   */
  target?: string;
  /** ask: the target preselected in the question. */
  defaultTarget?: string;
  user?: string;
  notify?: boolean;
  autostart?: boolean;
  /** The policy file that decided, relative to the policy folder when inside it. */
  file?: string;
  line?: number;
  /** The deciding line as written. */
  rule?: string;
  reason: string;
}

/** A line the engine could not accept; any one of them makes the whole policy deny. */
export interface PolicySyntaxError {
  file: string;
  /** 1-based; 0 when the file as a whole is wrong (e.g. a bad file name). */
  line: number;
  message: string;
}

/**
 * Where a source or target column (or a target= parameter) points.
 * `dispvm-of` is `@dispvm:NAME`, `dispvm-tag` is `@dispvm:@tag:T`.
 */
export type PolicyToken =
  | { kind: 'any' }
  | { kind: 'anyvm' }
  | { kind: 'adminvm' }
  | { kind: 'default' }
  | { kind: 'dispvm' }
  | { kind: 'dispvm-of'; name: string }
  | { kind: 'dispvm-tag'; tag: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'type'; klass: PolicyQubeClass }
  | { kind: 'name'; name: string };

export interface RuleParams {
  target?: PolicyToken;
  defaultTarget?: PolicyToken;
  user?: string;
  notify?: boolean;
  autostart?: boolean;
}

export interface PolicyRule {
  /** null: any service (`*`). */
  service: string | null;
  /** With its leading '+'; null: any argument (`*`). */
  argument: string | null;
  source: PolicyToken;
  target: PolicyToken;
  action: PolicyAction;
  params: RuleParams;
  file: string;
  line: number;
  text: string;
}

export interface Policy {
  folder: string;
  /** In evaluation order: files in C-locale order, includes spliced in place. */
  rules: readonly PolicyRule[];
  errors: readonly PolicySyntaxError[];
  /** Every file read, in the order read (for `qtui policy` views). */
  files: readonly string[];
}
