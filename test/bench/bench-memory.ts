/**
 * Resident memory: the daemon with the running qubes and one client, and
 * what each further SSH session adds to it; against the tmux server with
 * one client and what each further tmux client adds (server and client
 * process together, since an SSH session's whole cost is in the daemon).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { BenchHost } from './bench-host.js';
import { rssMiB } from './proc-stats.js';
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

export async function benchMemory(host: BenchHost, access: SshAccess, tmux: TmuxAnchor, running: number, sessions: number): Promise<BenchResult[]> {
  const daemon = host.daemonPid();
  const tmuxServer = tmux.serverPid();
  const base = await settledRss([daemon]);
  const tmuxFirst = await tmux.attach();
  const tmuxBase = await settledRss([tmuxServer, tmuxFirst.pid]);

  const key = readFileSync(access.keyPath);
  const clients: ssh2.Client[] = [];
  const tmuxClients: number[] = [];
  try {
    for (let i = 0; i < sessions; i++) {
      clients.push(await openSshConsole(access, key));
      tmuxClients.push((await tmux.attach()).pid);
    }
    const withSessions = await settledRss([daemon]);
    const tmuxWith = await settledRss([tmuxServer, tmuxFirst.pid, ...tmuxClients]);
    const version = tmux.version();
    return [
      result(
        'daemon RSS',
        { label: `qtui daemon, ${running} running qubes, one client`, unit: 'MiB', stats: summarize([base]) },
        { label: `${version} server + one client, one cat pane`, unit: 'MiB', stats: summarize([tmuxBase]) },
        'under 150 MB',
        ['No panes: this stage does not open the issue\'s 10 yet.', 'Median of 5 readings 200 ms apart.', 'The daemon runs React\'s production build, as the launcher starts it.'],
      ),
      result(
        'added RSS per SSH session',
        { label: `qtui daemon, ${sessions} SSH console sessions`, unit: 'MiB', stats: summarize([(withSessions - base) / sessions]) },
        { label: `${version}, ${sessions} more attached clients (server + client processes)`, unit: 'MiB', stats: summarize([(tmuxWith - tmuxBase) / sessions]) },
        'under 15 MB per session',
        [
          'Each session is an ssh2 client with a 200x50 pty showing the console.',
          'What a session holds after a full GC is under 1 MiB; the rest is garbage of its frames that V8 has not collected yet, so the figure moves with GC timing.',
        ],
      ),
    ];
  } finally {
    for (const c of clients) c.end();
  }
}
