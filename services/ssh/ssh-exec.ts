/**
 * One `exec` request: the command line split into words (never given to a
 * shell), run through the command table with the key's role, its result on
 * stdout, a failure on stderr, and the exit status a script can test.
 */
import type { ServerChannel } from 'ssh2';
import { splitCommandLine } from '../commands/command-line-splitter.js';
import { CommandError, type Caller, type CommandResult } from '../commands/command-spec.js';

export type RunCommand = (argv: string[], caller: Caller) => Promise<CommandResult>;

export interface ExecOutcome {
  exitCode: number;
  result: 'ok' | 'error' | 'denied';
  message?: string;
  /** Whether the command line could be split and was handed to runCommand. */
  handedOver: boolean;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * With a pty requested, the client's terminal is raw and no server-side pty
 * turns \n into \r\n, so the output does it itself.
 */
export function lineEndings(text: string, crlf: boolean): string {
  return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
}

export function formatResult(result: CommandResult): string {
  return withNewline(result.text ?? JSON.stringify(result.data, null, 2));
}

export async function runExec(channel: ServerChannel, command: string, caller: Caller, runCommand: RunCommand, crlf: boolean): Promise<ExecOutcome> {
  let handedOver = false;
  try {
    let argv: string[];
    try {
      argv = splitCommandLine(command);
    } catch (e) {
      throw new CommandError(`cannot split the command line: ${(e as Error).message}`, 2, 'usage');
    }
    handedOver = true;
    const out = formatResult(await runCommand(argv, caller));
    if (out !== '') channel.write(lineEndings(out, crlf));
    return { exitCode: 0, result: 'ok', handedOver };
  } catch (e) {
    const known = e instanceof CommandError;
    const message = known ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    channel.stderr.write(lineEndings(withNewline(message), crlf));
    return { exitCode: known ? e.exitCode : 1, result: known && e.code === 'denied' ? 'denied' : 'error', message, handedOver };
  }
}
