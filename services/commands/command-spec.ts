/**
 * One entry of the command table: everything a user can do is one of these,
 * reached alike by key, `:` prompt, CLI, SSH exec and the socket API (compare
 * tmux's cmd-*.c entries and xl's xl_cmdtable.c).
 */

export type Role = 'viewer' | 'operator' | 'admin';

const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAllows(have: Role, need: Role): boolean {
  return ROLE_RANK[have] >= ROLE_RANK[need];
}

export function isRole(s: string): s is Role {
  return s === 'viewer' || s === 'operator' || s === 'admin';
}

/** Where completion of an argument's values comes from. */
export type CompletionSource = 'qubes' | 'running-qubes' | 'halted-qubes' | 'properties' | 'commands' | 'labels' | 'classes' | 'none';

export interface ArgSpec {
  name: string;
  help: string;
  /** A qube name is validated as one before the handler sees it. */
  type: 'string' | 'qube' | 'int';
  required?: boolean;
  /** Takes every remaining positional word. */
  variadic?: boolean;
  complete?: CompletionSource;
  /** Its words never reach the audit log or the events (a clipboard's text). */
  secret?: boolean;
}

export interface OptionSpec {
  name: string;
  short?: string;
  help: string;
  type: 'boolean' | 'string' | 'int' | 'enum';
  values?: readonly string[];
  /** May be given more than once; the value is then a list. */
  repeat?: boolean;
  metavar?: string;
  /** Its value never reaches the audit log or the events (a passphrase); long-only. */
  secret?: boolean;
}

export type OptionValue = boolean | string | number | string[];

export interface ParsedArgs {
  positional: Record<string, string | string[] | number | undefined>;
  options: Record<string, OptionValue | undefined>;
}

/** Who runs a command: the role decides, the rest goes to the audit log. */
export interface Caller {
  role: Role;
  /** e.g. "local uid 1000", or an SSH key's fingerprint and comment. */
  identity: string;
  /** e.g. "unix socket", or the SSH client's address. */
  origin: string;
}

export interface CommandResult {
  /** Structured data: what `--format json` prints, stable for scripts. */
  data: unknown;
  /** What a person reads; absent when the data speaks for itself. */
  text?: string;
}

export interface CommandSpec<Ctx> {
  name: string;
  aliases?: readonly string[];
  summary: string;
  role: Role;
  /** Changes state: refused to viewers, written to the audit log. */
  mutating: boolean;
  args: readonly ArgSpec[];
  options: readonly OptionSpec[];
  handler: (ctx: Ctx, args: ParsedArgs, caller: Caller) => Promise<CommandResult>;
}

/** A failure meant for the user: a message and the exit code the CLI returns. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode: number = 1,
    readonly code: 'usage' | 'denied' | 'not-found' | 'conflict' | 'failed' = 'failed',
  ) {
    super(message);
  }
}
