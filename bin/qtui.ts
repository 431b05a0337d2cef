/**
 * `qtui`: with no arguments, attach to the console; `qtui daemon` runs the
 * daemon in the foreground; anything else is one command of the daemon's
 * table, run through its socket (starting the daemon first if needed), like
 * `tmux list-sessions`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachConsole } from '../services/api/attach-client.js';
import type { RunReply } from '../services/api/socket-client.js';
import { formatEvent } from '../services/commands/table/cmd-daemon.js';
import { resolvePaths, socketPath } from '../services/config/qtui-paths.js';
import { connectIfRunning, ensureDaemon } from '../services/daemon/daemon-launcher.js';
import { DaemonAlreadyRunning, QtuiDaemon } from '../services/daemon/qtui-daemon.js';
import type { QtuiEvent } from '../services/daemon/event-bus.js';

const CLI_PATH = fileURLToPath(import.meta.url);

function print(reply: RunReply): number {
  if (!reply.ok) {
    process.stderr.write(`qtui: ${reply.error?.message ?? 'failed'}\n`);
    return reply.error?.exitCode ?? 1;
  }
  if (reply.text !== undefined) process.stdout.write(reply.text);
  else if (reply.data !== null && reply.data !== undefined) process.stdout.write(`${JSON.stringify(reply.data, null, 2)}\n`);
  return 0;
}

async function runDaemon(): Promise<number> {
  const paths = resolvePaths();
  let daemon: QtuiDaemon;
  try {
    daemon = await QtuiDaemon.start(paths);
  } catch (e) {
    if (e instanceof DaemonAlreadyRunning) {
      process.stderr.write(`qtui daemon: ${e.message}\n`);
      return 0;
    }
    throw e;
  }
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => void daemon.stop());
  process.stderr.write(`qtui daemon: listening (${daemon.host === 'sim' ? 'simulated Xen host' : 'Xen'}), pid ${process.pid}\n`);
  await daemon.stopped;
  return 0;
}

async function stopDaemon(): Promise<number> {
  const client = await connectIfRunning(resolvePaths());
  if (!client) {
    process.stderr.write('qtui: no daemon running\n');
    return 1;
  }
  const closed = new Promise<void>((r) => client.onClose(r));
  const code = print(await client.run(['daemon-stop']));
  await closed;
  return code;
}

async function followEvents(argv: readonly string[]): Promise<number> {
  const client = await ensureDaemon(resolvePaths(), CLI_PATH);
  const json = argv.includes('--format=json') || argv.join(' ').includes('--format json');
  const show = (e: unknown): void => {
    process.stdout.write(json ? `${JSON.stringify(e)}\n` : `${formatEvent(e as QtuiEvent)}\n`);
  };
  await client.subscribe(show);
  return new Promise((resolve) => client.onClose(() => resolve(0)));
}

async function attach(): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('qtui: the console needs a terminal; run a command instead (qtui help)\n');
    return 1;
  }
  const paths = resolvePaths();
  const client = await ensureDaemon(paths, CLI_PATH);
  client.close();
  const reason = await attachConsole(socketPath(paths), { stdin: process.stdin, stdout: process.stdout }, process.env.TERM ?? 'xterm');
  process.stderr.write(`[${reason}]\n`);
  return 0;
}

/** The daemon cannot know this shell's working directory: a relative key file is made absolute here. */
function withAbsoluteKeyPath(words: string[]): string[] {
  const authorize = words[0] === 'ssh-authorize' || (words[0] === 'ssh' && words[1] === 'authorize');
  const last = words[words.length - 1];
  if (!authorize || last === undefined || last.startsWith('-') || words.length < 2) return words;
  return [...words.slice(0, -1), resolve(last)];
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'daemon' && argv.length === 1) return runDaemon();
  if (argv[0] === 'daemon' && argv[1] === 'stop' && argv.length === 2) return stopDaemon();
  if (argv[0] === 'events' && (argv.includes('--follow') || argv.includes('-f'))) return followEvents(argv);
  if (argv.length === 0 || (argv[0] === 'attach' && argv.length === 1)) return attach();
  let words = argv;
  if (words[0] === '--help' || words[0] === '-h') words = ['help'];
  words = withAbsoluteKeyPath(words);
  const client = await ensureDaemon(resolvePaths(), CLI_PATH);
  try {
    return print(await client.run(words));
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`qtui: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
