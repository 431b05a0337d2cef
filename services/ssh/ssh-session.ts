/**
 * One SSH session channel of a logged-in key: `pty-req` and `window-change`
 * remembered, `exec` run through the command table, `shell` handed to the
 * console, X11, agent forwarding and subsystems (sftp) refused.
 */
import type { ServerChannel, Session } from 'ssh2';
import type { Caller, CommandResult } from '../commands/command-spec.js';
import type { AuthorizedKey } from './authorized-keys.js';
import { lineEndings, runExec } from './ssh-exec.js';
import type { ShellHandle, ShellRequest, SshAuditEntry } from './ssh-types.js';

const NO_CONSOLE_MESSAGE = 'the full-screen console is not available over SSH yet; run one command instead, e.g. ssh HOST ls';

export interface SessionHooks {
  key: AuthorizedKey;
  caller: Caller;
  runCommand: (argv: string[], caller: Caller) => Promise<CommandResult>;
  /** runCommand writes an audit record of every command it is given (QtuiSshServerOptions.runCommandAudits). */
  runCommandAudits: boolean;
  openShell?: (stream: ServerChannel, request: ShellRequest, caller: Caller) => ShellHandle;
  audit: (entry: Omit<SshAuditEntry, 'time' | 'origin'>) => void;
  /** Something happened: the idle clock starts again. */
  activity: () => void;
  /** A command starts (+1) or ends (-1); the connection is not idle meanwhile. */
  busy: (delta: 1 | -1) => void;
  /** The session is gone; called by each of its closings (session and channel), so it must be idempotent. */
  release: () => void;
}

export function serveSession(session: Session, hooks: SessionHooks): void {
  const { key, caller, audit } = hooks;
  session.once('close', hooks.release);
  let pty: ShellRequest | undefined;
  let shell: ShellHandle | undefined;
  const refuse = (what: string, message: string, rejectRequest: (() => void) | undefined): void => {
    audit({ event: 'refused', command: what, result: 'refused', message });
    rejectRequest?.();
  };

  session.on('pty', (accept, reject, info) => {
    if (key.noPty) {
      refuse('pty-req', 'this key has no-pty', reject);
      return;
    }
    pty = { term: info.term, cols: info.cols, rows: info.rows };
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    if (pty) pty = { ...pty, cols: info.cols, rows: info.rows };
    shell?.resize(info.cols, info.rows);
    hooks.activity();
    accept?.();
  });
  session.on('x11', (_accept, reject) => refuse('x11-req', 'X11 forwarding is not allowed', reject));
  session.on('auth-agent', (_accept, reject) => refuse('auth-agent-req', 'agent forwarding is not allowed', reject));
  session.on('subsystem', (_accept, reject, info) => refuse(`subsystem ${info.name}`, 'subsystems are not available', reject));

  session.on('exec', (accept, _reject, info) => {
    const channel = accept();
    // `ssh -t host attach` is the console, as `qtui attach` is locally.
    if (info.command.trim() === 'attach' && pty !== undefined) {
      startShell(channel);
      return;
    }
    channel.once('close', hooks.release);
    // Commands take no input; draining it keeps the client's window open.
    channel.resume();
    hooks.busy(1);
    void runExec(channel, info.command, caller, hooks.runCommand, pty !== undefined).then(({ handedOver, ...outcome }) => {
      hooks.busy(-1);
      hooks.activity();
      // One record per command: the runner's, when it keeps one; here only what never reached it.
      if (!hooks.runCommandAudits || !handedOver) audit({ event: 'exec', command: info.command, ...outcome });
      channel.exit(outcome.exitCode);
      channel.end();
    });
  });

  session.on('shell', (accept) => startShell(accept()));

  function startShell(channel: ServerChannel): void {
    channel.once('close', hooks.release);
    const request = pty ?? { term: 'dumb', cols: 80, rows: 24 };
    const command = `shell ${request.term} ${request.cols}x${request.rows}`;
    const giveUp = (result: 'refused' | 'error', message: string): void => {
      audit({ event: 'shell', command, result, exitCode: 1, message });
      channel.stderr.write(lineEndings(`qtui: ${message}\n`, pty !== undefined));
      channel.exit(1);
      channel.end();
    };
    if (!hooks.openShell) {
      giveUp('refused', NO_CONSOLE_MESSAGE);
      return;
    }
    try {
      shell = hooks.openShell(channel, request, caller);
    } catch (e) {
      giveUp('error', `the console could not start: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    audit({ event: 'shell', command, result: 'ok' });
    channel.on('data', hooks.activity);
  }
}
