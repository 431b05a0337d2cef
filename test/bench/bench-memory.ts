/**
 * Resident memory: the daemon with the running qubes, one client and 10
 * panes (5 qube consoles, 5 dom0 shells), at their prompt and after each has
 * printed 1000 lines; and what each further SSH session adds to it. Against
 * the tmux server with one client and a window of 10 shell panes, and what
 * each further tmux client adds (server and client process together, since
 * an SSH session's whole cost is in the daemon).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { benchQubeName, type BenchHost } from './bench-host.js';
import { backToTable, openPane } from './bench-panes.js';
import { closeAllPanes, shellWorkspace, splitShell, typeAndSee } from './pane-keys.js';
import { rssMiB } from './proc-stats.js';
import type { PtyScreen } from './pty-screen.js';
import { result, summarize, type BenchResult } from './stats.js';
import type { TmuxAnchor } from './tmux-anchor.js';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Median of a few RSS readings a moment apart, so one GC does not decide the figure. */
async function settledRss(pids: readonly number[]): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 200));
    readings.push(pids.reduce((sum, p) => sum + rssMiB(p), 0));
  }
  return summarize(readings).median;
}

export interface SshAccess {
  port: number;
  keyPath: string;
}

/** Turns SSH on at 127.0.0.1 with a fresh admin key. */
export async function enableSsh(host: BenchHost): Promise<SshAccess> {
  const port = await freePort();
  const keyPath = join(host.dir, 'bench-key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', keyPath]);
  for (const args of [['ssh', 'enable', '--listen', `127.0.0.1:${port}`], ['ssh', 'authorize', '--role', 'admin', `${keyPath}.pub`]]) {
    const r = await host.qtui(...args);
    if (r.code !== 0) throw new Error(`qtui ${args.join(' ')}: ${r.stderr}`);
  }
  return { port, keyPath };
}

/** An SSH session with a pty and a shell (the console), resolved once the console has drawn and gone quiet. */
export function openSshConsole(access: SshAccess, privateKey: Buffer, cols = 200, rows = 50): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    const fail = (e: Error): void => {
      clearTimeout(bound);
      client.end();
      reject(e);
    };
    // A console that never draws must end the run, not hang it.
    const bound = setTimeout(() => fail(new Error('the SSH console did not draw within 30 s')), 30_000);
    client.once('error', fail);
    client.once('ready', () => {
      client.shell({ term: 'xterm-256color', cols, rows }, (err, channel) => {
        if (err) return fail(err);
        let seen = '';
        let quietTimer: NodeJS.Timeout | undefined;
        channel.on('data', (d: Buffer) => {
          seen = (seen + d.toString('utf8')).slice(-4096);
          clearTimeout(quietTimer);
          if (seen.includes('vm-0'))
            quietTimer = setTimeout(() => {
              clearTimeout(bound);
              resolve(client);
            }, 300);
        });
      });
    });
    // The bench's own daemon on loopback, whose key was made a moment ago: nothing to verify it against.
    client.connect({ host: '127.0.0.1', port: access.port, username: 'admin', privateKey, hostVerifier: () => true, readyTimeout: 30_000 });
  });
}

const QUBE_PANES = 5;
const SHELL_PANES = 5;
const FILL_LINES = 1000;

/** Typed into every pane of both sides: it waits for `flag` to exist, then prints FILL_LINES lines, so all the panes print at once. */
const fillCommand = (flag: string): string => `until [ -e ${flag} ]; do sleep 1; done; seq -f 'line %g of a pane' ${FILL_LINES}`;
const FILLED = `line ${FILL_LINES} of a pane`;

/**
 * Our 10 panes, opened through the console client `s` from its table: the
 * qube consoles split one workspace, the dom0 shells another; each answers
 * a typed line, then runs `command`.
 */
async function openTenPanes(s: PtyScreen, command: string): Promise<void> {
  let typed = 0;
  const use = async (what: string): Promise<void> => {
    await typeAndSee(s, typed++, what);
    s.proc.write(`${command}\r`);
  };
  for (let i = 1; i <= QUBE_PANES; i++) {
    if (i > 1) await backToTable(s);
    const qube = benchQubeName(i);
    await openPane(s, qube, `${qube}: console`);
    await use(`${qube}'s console`);
  }
  await shellWorkspace(s);
  await use('a dom0 shell');
  for (let i = 1; i < SHELL_PANES; i++) {
    await splitShell(s, i % 2 === 1 ? '|' : '-');
    await use('a dom0 shell');
  }
}

/** `s` is a console client at the qube table; it is back there, its panes closed, when this returns. */
export async function benchMemory(host: BenchHost, s: PtyScreen, access: SshAccess, tmux: TmuxAnchor, running: number, sessions: number): Promise<BenchResult[]> {
  const daemon = host.daemonPid();
  const tmuxServer = tmux.serverPid();
  const bare = await settledRss([daemon]);
  const tmuxFirst = await tmux.attach();
  const flag = join(host.dir, 'panes-print');
  const panes = QUBE_PANES + SHELL_PANES;

  const key = readFileSync(access.keyPath);
  const clients: ssh2.Client[] = [];
  const tmuxClients: number[] = [];
  let closeTmuxPanes = (): void => undefined;
  try {
    await openTenPanes(s, fillCommand(flag));
    closeTmuxPanes = tmux.shellPanes(panes, fillCommand(flag));
    await tmuxFirst.quiet(500);
    const base = await settledRss([daemon]);
    const tmuxBase = await settledRss([tmuxServer, tmuxFirst.pid]);
    writeFileSync(flag, '');
    await s.waitFor((t) => t.includes(FILLED), 30_000, 'the panes to print');
    await tmuxFirst.waitFor((t) => t.includes(FILLED), 30_000, "tmux's panes to print");
    await s.quiet(1000);
    const filled = await settledRss([daemon]);
    const tmuxFilled = await settledRss([tmuxServer, tmuxFirst.pid]);

    for (let i = 0; i < sessions; i++) {
      clients.push(await openSshConsole(access, key));
      tmuxClients.push((await tmux.attach()).pid);
    }
    const withSessions = await settledRss([daemon]);
    const tmuxWith = await settledRss([tmuxServer, tmuxFirst.pid, ...tmuxClients]);
    const version = tmux.version();
    const ours = `qtui daemon, ${running} running qubes, one client, ${panes} panes (${QUBE_PANES} qube consoles, ${SHELL_PANES} dom0 shells)`;
    const theirs = `${version} server + one client, a window of ${panes} shell panes`;
    const notes = ['Median of 5 readings 200 ms apart.', 'The daemon runs React\'s production build, as the launcher starts it.', "Neither side counts the panes' programs (shells, xl console), only the server and the client."];
    return [
      result(
        'daemon RSS, one client, 10 panes',
        { label: `${ours}, each at a prompt`, unit: 'MiB', stats: summarize([base]) },
        { label: `${theirs}, each at a prompt`, unit: 'MiB', stats: summarize([tmuxBase]) },
        'under 150 MB',
        [`Without panes the daemon held ${bare.toFixed(1)} MiB.`, "tmux's first window (a cat pane) is there too.", ...notes],
      ),
      result(
        `daemon RSS, one client, 10 panes that printed ${FILL_LINES} lines each`,
        { label: ours, unit: 'MiB', stats: summarize([filled]) },
        { label: theirs, unit: 'MiB', stats: summarize([tmuxFilled]) },
        'under 150 MB',
        ["Every line is kept: our panes' scrollback holds 5000 lines, tmux's history-limit 2000.", ...notes],
      ),
      result(
        'added RSS per SSH session',
        { label: `qtui daemon, ${sessions} SSH console sessions, the ${panes} panes open`, unit: 'MiB', stats: summarize([(withSessions - filled) / sessions]) },
        { label: `${version}, ${sessions} more attached clients (server + client processes)`, unit: 'MiB', stats: summarize([(tmuxWith - tmuxFilled) / sessions]) },
        'under 15 MB per session',
        [
          'Each session is an ssh2 client with a 200x50 pty showing the console, which comes back to the panes as it attaches.',
          'What a session holds after a full GC is under 1 MiB; the rest is garbage of its frames that V8 has not collected yet, so the figure moves with GC timing.',
        ],
      ),
    ];
  } finally {
    for (const c of clients) c.end();
    closeTmuxPanes();
    await closeAllPanes(s, panes);
  }
}
