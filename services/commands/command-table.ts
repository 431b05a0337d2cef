/**
 * The one place where a command is looked up, its words parsed, its caller's
 * role checked and its handler run. Every way in goes through run().
 */
import { parseArgv } from './argv-parser.js';
import { commandHelp } from './command-help.js';
import { splitCommandLine } from './command-line-splitter.js';
import { CommandError, roleAllows, type Caller, type CommandResult, type CommandSpec } from './command-spec.js';
import { checkSecretOptions, hasSecrets, redactSecrets } from './secret-options.js';

/** A second opinion on a caller's right to run a command (the policy engine's). */
export type Authorizer = (command: string, caller: Caller) => { allowed: boolean; reason: string };

export interface AuditEntry {
  time: string;
  command: string;
  argv: readonly string[];
  caller: Caller;
  result: 'ok' | 'error' | 'denied';
  message?: string;
}

/**
 * Why a command runs: a person's `command`, written down; or a console view's
 * periodic `view-read`, which may only read and is written down only when
 * refused — a view refreshing every second would otherwise fill the audit log
 * with the same line and wake every client with a `command` event.
 */
export type RunPurpose = 'command' | 'view-read';

export class CommandTable<Ctx> {
  private readonly specs = new Map<string, CommandSpec<Ctx>>();
  private readonly names = new Map<string, string>();

  constructor(
    specs: readonly CommandSpec<Ctx>[],
    private readonly authorize?: Authorizer,
    private readonly audit?: (entry: AuditEntry) => void,
  ) {
    for (const s of specs) {
      checkSecretOptions(s);
      for (const n of [s.name, ...(s.aliases ?? [])]) {
        if (this.names.has(n)) throw new Error(`command name ${n} is used twice in the table`);
        this.names.set(n, s.name);
      }
      this.specs.set(s.name, s);
    }
  }

  list(): CommandSpec<Ctx>[] {
    return [...this.specs.values()];
  }

  lookup(name: string): CommandSpec<Ctx> | undefined {
    const canonical = this.names.get(name);
    return canonical === undefined ? undefined : this.specs.get(canonical);
  }

  /** Command names and aliases starting with a prefix, for completion. */
  complete(prefix: string): string[] {
    return [...this.names.keys()].filter((n) => n.startsWith(prefix)).sort();
  }

  /**
   * Two-word commands (`policy eval`, `daemon stop`, `ssh enable`) are
   * table entries with a dash; the words are joined when the dashed name exists.
   */
  private resolve(argv: readonly string[]): { name: string | undefined; rest: readonly string[] } {
    const [first, second, ...more] = argv;
    if (first !== undefined && second !== undefined && !this.names.has(first) && this.names.has(`${first}-${second}`)) {
      return { name: `${first}-${second}`, rest: more };
    }
    return { name: first, rest: argv.slice(1) };
  }

  /** `argv` as it may be written down: every secret option's value and secret positional replaced. */
  redact(argv: readonly string[]): string[] {
    const { name, rest } = this.resolve(argv);
    const spec = name === undefined ? undefined : this.lookup(name);
    return spec ? [...argv.slice(0, argv.length - rest.length), ...redactSecrets(spec, rest)] : [...argv];
  }

  /** A command line (an SSH exec request) as it may be written down; one that does not split is kept whole only if its command has no secret words. */
  redactLine(line: string): string {
    let argv: string[];
    try {
      argv = splitCommandLine(line);
    } catch {
      const { name } = this.resolve(line.trim().split(/\s+/));
      const spec = name === undefined ? undefined : this.lookup(name);
      return spec === undefined || hasSecrets(spec) ? '<a command line that does not split>' : line;
    }
    const redacted = this.redact(argv);
    return redacted.every((w, i) => w === argv[i]) ? line : redacted.join(' ');
  }

  async run(ctx: Ctx, argv: readonly string[], caller: Caller, purpose: RunPurpose = 'command'): Promise<CommandResult> {
    const { name, rest } = this.resolve(argv);
    if (name === undefined || name === '') throw new CommandError('no command given', 2, 'usage');
    const spec = this.lookup(name);
    if (!spec) throw new CommandError(`unknown command ${JSON.stringify(name)} (try 'qtui help')`, 2, 'usage');
    const args = parseArgv(spec, rest);
    if (args === null) return { data: { help: commandHelp(spec) }, text: commandHelp(spec) };

    // Every command is audited, reads too: who looked at what matters on an admin console.
    const record = (result: AuditEntry['result'], message?: string): void => {
      if (purpose === 'view-read' && result !== 'denied') return;
      this.audit?.({ time: new Date().toISOString(), command: spec.name, argv: this.redact(argv), caller, result, ...(message === undefined ? {} : { message }) });
    };
    if (purpose === 'view-read' && spec.mutating) throw new CommandError(`${spec.name}: changes things, so a view may not run it as a read`, 2, 'usage');
    if (!roleAllows(caller.role, spec.role)) {
      const message = `${spec.name}: needs the ${spec.role} role; this session has ${caller.role}`;
      record('denied', message);
      throw new CommandError(message, 1, 'denied');
    }
    const verdict = this.authorize?.(spec.name, caller);
    if (verdict && !verdict.allowed) {
      const message = `${spec.name}: refused by policy: ${verdict.reason}`;
      record('denied', message);
      throw new CommandError(message, 1, 'denied');
    }
    try {
      const result = await spec.handler(ctx, args, caller);
      record('ok');
      return result;
    } catch (e) {
      record('error', e instanceof Error ? e.message : String(e));
      throw e;
    }
  }
}
