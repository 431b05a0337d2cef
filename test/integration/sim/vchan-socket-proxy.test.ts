/**
 * The simulated vchan-socket-proxy as real processes: a server "in domain 5"
 * in front of a small unix service run by this test, a client "in dom0",
 * and the sharp edges of the real one (xenlab README, "vchan between dom0
 * and a domU") that the daemon has to live with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildOnce, REPO_ROOT } from '../../support/build-once.js';
import { withSimState, type SimDomain } from '../../../xen-bridge/sim/sim-state.js';

const BIN_DIR = join(REPO_ROOT, 'bin', 'sim');
const PROXY = join(BIN_DIR, 'vchan-socket-proxy');
const NODE_PATH = '/local/domain/5/data/vchan/svc';

const usage = (argv0: string): string => `usage:
\t${argv0} [options] domainid nodepath [socket-path|file-no|-]

options:
\t-m, --mode=client|server - vchan connection mode (client by default)
\t-s, --state-path=path - xenstore path where write "running" to 
\t                        at startup
\t-v, --verbose - verbose logging

client: client of a vchan connection, fourth parameter can be:
\tsocket-path: listen on a UNIX socket at this path and connect to vchan
\t             whenever new connection is accepted;
\t             handle multiple _subsequent_ connections, until terminated

\tfile-no:     except open FD of a socket in listen mode;
\t             otherwise similar to socket-path

\t-:           open vchan connection immediately and pass the data
\t             from stdin/stdout; terminate when vchan connection
\t             is closed

server: server of a vchan connection, fourth parameter can be:
\tsocket-path: connect to this UNIX socket when new vchan connection
\t             is accepted;
\t             handle multiple _subsequent_ connections, until terminated

\tfile-no:     pass data to/from this FD; terminate when vchan connection
\t             is closed

\t-:           pass data to/from stdin/stdout; terminate when vchan
\t             connection is closed
`;

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => Buffer;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** One connection the test service accepted: what it got, and whether the peer closed. */
interface ServiceConn {
  id: number;
  received: Buffer;
  ended: Promise<void>;
  /** "source": resolves when the service's writes stopped being taken (the whole chain is full). */
  stalled: Promise<void>;
}

let dir = '';
let simEnv: NodeJS.ProcessEnv = {};
const procs: Proc[] = [];
const servers: Server[] = [];
const sockets: Socket[] = [];
/** Processes started by a helper that exited (orphans this test still has to kill). */
const orphans: number[] = [];

function start(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; cmd?: string } = {}): Proc {
  const child = spawn(opts.cmd ?? PROXY, [...args], { env: opts.env ?? simEnv, cwd: opts.cwd ?? dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  const out: Buffer[] = [];
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const p = { child, stderr: () => err, stdout: () => Buffer.concat(out), exited };
  procs.push(p);
  return p;
}

const serverProxy = (socket: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}, peer = '0'): Proc =>
  start(['--mode=server', ...extra, peer, 'data/vchan/svc', socket], { env: { ...simEnv, QTUI_SIM_DOMID: '5', ...env } });
const clientProxy = (socket: string, extra: readonly string[] = []): Proc => start([...extra, '5', NODE_PATH, socket]);

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The service inside "domain 5". The first line of each connection picks
 * what it does: `echo` (everything after it comes back), `conn` (answers
 * conn=<n>), `bye` (answers bye, then hangs up), `later` (answers late
 * after a pause), `source` (endless "x", as fast as it is taken).
 */
function startService(path: string): { conns: ServiceConn[] } {
  const conns: ServiceConn[] = [];
  const server = createServer((s) => {
    const chunks: Buffer[] = [];
    let onStall = (): void => undefined;
    const conn: ServiceConn = {
      id: conns.length + 1,
      received: Buffer.alloc(0),
      ended: new Promise((r) => s.once('end', () => r())),
      stalled: new Promise((r) => (onStall = r)),
    };
    conns.push(conn);
    s.on('error', () => undefined);
    let mode = '';
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      conn.received = Buffer.concat(chunks);
      if (mode === 'echo') return void s.write(d);
      if (mode !== '') return;
      const nl = conn.received.indexOf(10);
      if (nl < 0) return;
      const cmd = conn.received.subarray(0, nl).toString();
      mode = cmd ?? '';
      if (cmd === 'echo') s.write(conn.received.subarray(nl + 1));
      else if (cmd === 'conn') s.write(`conn=${conn.id}\n`);
      else if (cmd === 'bye') s.end('bye\n');
      else if (cmd === 'later') setTimeout(() => s.writable && s.write('late\n'), 300);
      else if (cmd === 'source') {
        const block = Buffer.alloc(16384, 'x');
        const pump = (): void => {
          while (s.writable) {
            if (!s.write(block)) {
              // No drain for a whole second: every buffer between here and the paused reader is full.
              const timer = setTimeout(onStall, 1000);
              s.once('drain', () => {
                clearTimeout(timer);
                pump();
              });
              return;
            }
          }
        };
        pump();
      }
    });
  });
  server.listen(path);
  servers.push(server);
  return { conns };
}

interface Dialed {
  socket: Socket;
  data: () => Buffer;
  ended: Promise<void>;
  waitFor: (n: number) => Promise<Buffer>;
}

/** The socket file appears at bind(), a moment before listen(): a refusal in that moment is retried. */
async function connected(path: string): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    const socket = connect(path);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      return socket;
    } catch (e) {
      socket.destroy();
      if ((e as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

async function dial(path: string): Promise<Dialed> {
  const socket = await connected(path);
  sockets.push(socket);
  const chunks: Buffer[] = [];
  let total = 0;
  socket.on('data', (d: Buffer) => {
    chunks.push(d);
    total += d.length;
  });
  const ended = new Promise<void>((r) => socket.once('close', () => r()));
  socket.on('error', () => undefined);
  const data = (): Buffer => Buffer.concat(chunks);
  const waitFor = async (n: number): Promise<Buffer> => {
    await until(`${n} bytes`, () => total >= n || socket.destroyed);
    return data();
  };
  return { socket, data, ended, waitFor };
}

async function addDomain5(): Promise<void> {
  const domain: SimDomain = {
    domid: 5,
    name: 'sys-test',
    uuid: '00000000-0000-4000-8000-000000000005',
    config: { name: 'sys-test', type: 'pv', memory: 64, vcpus: 1, disks: [], vifs: [], usbctrls: [] },
    memoryMiB: 64,
    maxmemMiB: 64,
    vcpusOnline: 1,
    createdAtMs: Date.now(),
    paused: false,
    shuttingDown: false,
    supervisorPid: 0,
    nics: [],
    disks: [],
    usbctrls: [],
    usbdevs: [],
  };
  await withSimState(dir, (s) => void s.domains.push(domain));
}

/** A running pair: service <- server (domain 5) <- client (dom0) listening on `front`. */
async function pair(extraServerEnv: NodeJS.ProcessEnv = {}): Promise<{ svc: { conns: ServiceConn[] }; front: string; server: Proc; client: Proc }> {
  const svc = startService(join(dir, 'svc.sock'));
  const server = serverProxy(join(dir, 'svc.sock'), [], extraServerEnv);
  const front = join(dir, 'front.sock');
  const client = clientProxy(front);
  await until('client socket', () => existsSync(front));
  return { svc, front, server, client };
}

beforeAll(async () => {
  await buildOnce();
  if (!existsSync(join(REPO_ROOT, 'dist', 'xen-bridge', 'sim', 'vchan', 'vchan-proxy-main.js'))) throw new Error('the build did not produce vchan-proxy-main.js');
}, 180_000);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-vchan-'));
  simEnv = { ...process.env, QTUI_SIM_DIR: dir };
  delete simEnv.QTUI_SIM_DOMID;
  delete simEnv.QTUI_SIM_VCHAN_STALE;
  await addDomain5();
});

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const pid of orphans.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited already.
    }
  }
  for (const p of procs.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

describe('command line', () => {
  it('prints the real usage on stderr and exits 1 without arguments, and after glibc’s line for --help', async () => {
    const bare = start([]);
    expect(await bare.exited).toEqual({ code: 1, signal: null });
    expect(bare.stderr()).toBe(usage(PROXY));
    expect(bare.stdout().length).toBe(0);

    const help = start(['--help']);
    expect((await help.exited).code).toBe(1);
    expect(help.stderr()).toBe(`${PROXY}: unrecognized option '--help'\n${usage(PROXY)}`);

    const bad = start(['-m', 'both', '5', 'x', 'y']);
    expect((await bad.exited).code).toBe(1);
    expect(bad.stderr()).toBe(`invalid argument for --mode: both\n${usage(PROXY)}`);
  });

  it('names itself by the path it was invoked by', async () => {
    const p = start(['1', 'x'], { cwd: BIN_DIR, cmd: './vchan-socket-proxy' });
    expect((await p.exited).code).toBe(1);
    expect(p.stderr()).toBe(usage('./vchan-socket-proxy'));
  });

  it('refuses to run a server outside a simulated domain', async () => {
    const p = start(['--mode=server', '0', 'data/vchan/x', join(dir, 'svc.sock')]);
    expect((await p.exited).code).toBe(1);
    expect(p.stderr()).toMatch(/QTUI_SIM_DOMID is not set/);
  });

  it('will not bind over an existing socket file, like the real client', async () => {
    const { front, client } = await pair();
    const second = clientProxy(front);
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toBe('bind: Address already in use\nlisten socket failed\n');
    expect(client.child.exitCode).toBeNull();
  });
});

describe('sessions', () => {
  it('carries 1 MiB both ways byte for byte', async () => {
    const { front } = await pair();
    const c = await dial(front);
    const payload = randomBytes(1 << 20);
    c.socket.write('echo\n');
    c.socket.write(payload);
    const got = await c.waitFor(payload.length);
    expect(got.length).toBe(payload.length);
    expect(got.equals(payload)).toBe(true);
  });

  it('connects to the service only when a session arrives, a new connection each session', async () => {
    const { svc, front, server } = await pair();
    await until('server listening', () => server.child.exitCode === null && existsSync(join(dir, 'vchan', '5')));
    expect(svc.conns.length).toBe(0);
    for (const n of [1, 2, 3]) {
      const c = await dial(front);
      c.socket.write('conn\n');
      expect((await c.waitFor(7)).toString()).toBe(`conn=${n}\n`);
      c.socket.destroy();
      await svc.conns[n - 1]?.ended;
    }
    expect(svc.conns.length).toBe(3);
  });

  it('serves one dom0 connection at a time; the next waits until the first closes', async () => {
    const { svc, front } = await pair();
    const first = await dial(front);
    first.socket.write('conn\n');
    expect((await first.waitFor(7)).toString()).toBe('conn=1\n');
    const second = await dial(front);
    second.socket.write('conn\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(second.data().length).toBe(0);
    expect(svc.conns.length).toBe(1);
    first.socket.end();
    expect((await second.waitFor(7)).toString()).toBe('conn=2\n');
  });

  it('has no half-close: a dom0 client that shuts down its write side gets EOF and no reply', async () => {
    const { svc, front } = await pair();
    const c = await dial(front);
    c.socket.end('later\n');
    await c.ended;
    expect(c.data().length).toBe(0);
    await until('service connection', () => svc.conns.length === 1);
    await svc.conns[0]?.ended;
    expect(svc.conns[0]?.received.toString()).toBe('later\n');
  });

  it('dials the service again under the same session when the service hangs up', async () => {
    const { svc, front } = await pair();
    const c = await dial(front);
    c.socket.write('bye\n');
    expect((await c.waitFor(4)).toString()).toBe('bye\n');
    c.socket.write('conn\n');
    expect((await c.waitFor(11)).toString()).toBe('bye\nconn=2\n');
    expect(c.socket.readableEnded).toBe(false);
    expect(svc.conns.map((x) => x.received.toString())).toEqual(['bye\n', 'conn\n']);
  });

  it.each([
    ['is not there', 'No such file or directory'],
    ['left a dead socket', 'Connection refused'],
  ])('server exits 1 when the service %s as a session arrives; the dom0 connection gets EOF', async (why, message) => {
    const service = join(dir, 'svc.sock');
    if (why === 'left a dead socket') {
      // A listener killed outright leaves its socket file with nobody behind it.
      const dead = start(['-e', `require('net').createServer().listen(${JSON.stringify(service)}, () => process.kill(process.pid, 'SIGKILL'))`], { cmd: process.execPath });
      expect((await dead.exited).signal).toBe('SIGKILL');
      expect(existsSync(service)).toBe(true);
    }
    const server = serverProxy(service);
    const front = join(dir, 'front.sock');
    clientProxy(front);
    await until('client socket', () => existsSync(front));
    const c = await dial(front);
    c.socket.write('conn\n');
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toBe(`connect: ${message}\nconnect_socket failed\n`);
    await c.ended;
    expect(c.data().length).toBe(0);
  });

  it('client proxy exits 1 when its dom0 client leaves mid-stream; the next session first gets 2048 stale bytes', async () => {
    const { svc, front, client } = await pair();
    const c = await dial(front);
    c.socket.once('data', () => c.socket.pause());
    c.socket.write('source\n');
    await until('service connection', () => svc.conns.length === 1);
    await svc.conns[0]?.stalled;
    c.socket.destroy();
    expect(await client.exited).toEqual({ code: 1, signal: null });
    expect(client.stderr()).toBe('');
    expect(existsSync(front)).toBe(true);

    rmSync(front);
    clientProxy(front);
    await until('client socket', () => existsSync(front));
    const next = await dial(front);
    next.socket.write('conn\n');
    const got = await next.waitFor(2048 + 7);
    expect(got.subarray(0, 2048).equals(Buffer.alloc(2048, 'x'))).toBe(true);
    expect(got.subarray(2048).toString()).toBe('conn=2\n');
  });

  it('QTUI_SIM_VCHAN_STALE=0 starts each session with empty rings', async () => {
    const { svc, front, client } = await pair({ QTUI_SIM_VCHAN_STALE: '0' });
    const c = await dial(front);
    c.socket.once('data', () => c.socket.pause());
    c.socket.write('source\n');
    await until('service connection', () => svc.conns.length === 1);
    await svc.conns[0]?.stalled;
    c.socket.destroy();
    expect((await client.exited).code).toBe(1);
    rmSync(front);
    clientProxy(front);
    await until('client socket', () => existsSync(front));
    const next = await dial(front);
    next.socket.write('conn\n');
    expect((await next.waitFor(7)).toString()).toBe('conn=2\n');
  });

  it('stdin/stdout mode runs one session, logs with -v and ends at stdin EOF', async () => {
    const { svc } = await pair();
    const p = clientProxy('-', ['-v']);
    p.child.stdin?.write('conn\n');
    await until('reply on stdout', () => p.stdout().length >= 7);
    p.child.stdin?.end();
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stdout().toString()).toBe('conn=1\n');
    expect(p.stderr()).toContain('from-unix: conn\n');
    expect(p.stderr()).toContain('from-vchan: conn=1\n');
    expect(svc.conns.length).toBe(1);
  });

  it('serves an inherited listening socket (file-no), and the socket outlives the proxy', async () => {
    const { svc } = await pair();
    const front = join(dir, 'owned.sock');
    // Like xenlab-vchan-client: a supervisor owns the listening socket and hands it over as fd 3.
    // node has no public way to pass a listening socket to a child, hence the handle wrapper.
    const script = `const net = require('net'); const { spawn } = require('child_process');
      const [path, proxy, ...args] = process.argv.slice(1);
      const s = net.createServer().listen(path, () => {
        const c = spawn(proxy, args, { stdio: ['ignore', 'ignore', 'ignore', { _handle: s._handle, pause() {}, _readableState: {} }] });
        process.stdout.write(c.pid + '\\n');
        process.exit(0);
      });`;
    const helper = start(['-e', script, front, PROXY, '5', NODE_PATH, '3'], { cmd: process.execPath });
    expect((await helper.exited).code).toBe(0);
    const pid = Number(helper.stdout().toString());
    orphans.push(pid);
    for (const n of [1, 2]) {
      const c = await dial(front);
      c.socket.write('conn\n');
      expect((await c.waitFor(7)).toString()).toBe(`conn=${n}\n`);
      c.socket.destroy();
      await until('service connection closed', () => svc.conns.length === n);
      await svc.conns[n - 1]?.ended;
    }
    process.kill(pid, 'SIGKILL');
    expect(existsSync(front)).toBe(true);
  });

  it('writes "running" to the state path, dies by SIGTERM leaving its socket file', async () => {
    startService(join(dir, 'svc.sock'));
    serverProxy(join(dir, 'svc.sock'), ['-s', 'data/vchan/svc-state']);
    const front = join(dir, 'front.sock');
    const client = clientProxy(front, ['--state-path=/local/domain/0/data/front-state']);
    // The relative path is the server's own domain's: /local/domain/5/...
    const serverState = join(dir, 'xenstore-data', '%2Flocal%2Fdomain%2F5%2Fdata%2Fvchan%2Fsvc-state');
    const clientState = join(dir, 'xenstore-data', '%2Flocal%2Fdomain%2F0%2Fdata%2Ffront-state');
    await until('state files', () => existsSync(serverState) && existsSync(clientState));
    expect(readFileSync(serverState, 'utf8')).toBe('running');
    expect(readFileSync(clientState, 'utf8')).toBe('running');
    client.child.kill('SIGTERM');
    expect(await client.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(existsSync(front)).toBe(true);
  });

  it('ends the session when the server proxy dies; the client waits for a new server', async () => {
    const { svc, front, server, client } = await pair();
    const c = await dial(front);
    c.socket.write('conn\n');
    expect((await c.waitFor(7)).toString()).toBe('conn=1\n');
    server.child.kill('SIGTERM');
    await server.exited;
    await c.ended;
    const next = await dial(front);
    next.socket.write('conn\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(next.data().length).toBe(0);
    serverProxy(join(dir, 'svc.sock'));
    expect((await next.waitFor(7)).toString()).toBe('conn=2\n');
    expect(svc.conns.length).toBe(2);
    expect(client.child.exitCode).toBeNull();
  });

  it('lets only the peer domain the server names in', async () => {
    const svc = startService(join(dir, 'svc.sock'));
    serverProxy(join(dir, 'svc.sock'), [], {}, '3');
    const front = join(dir, 'front.sock');
    const client = clientProxy(front);
    await until('client socket', () => existsSync(front));
    const c = await dial(front);
    c.socket.write('conn\n');
    await new Promise((r) => setTimeout(r, 500));
    expect(c.data().length).toBe(0);
    expect(svc.conns.length).toBe(0);
    expect(client.child.exitCode).toBeNull();
  });

  it('client exits 1 when the domain is gone for good', async () => {
    const { front, server, client } = await pair();
    server.child.kill('SIGKILL');
    await server.exited;
    await withSimState(dir, (s) => void (s.domains = s.domains.filter((d) => d.domid !== 5)));
    const c = await dial(front);
    c.socket.write('conn\n');
    expect(await client.exited).toEqual({ code: 1, signal: null });
    expect(client.stderr()).toBe('vchan client init: No such process\n');
  });
});

describe('D-Bus through the pair', () => {
  it('dbus-send reaches a real dbus-daemon behind the server', async () => {
    const bus = join(dir, 'bus.sock');
    const daemon = start(['--session', '--nofork', '--print-address', `--address=unix:path=${bus}`], { cmd: 'dbus-daemon' });
    await until('bus socket', () => existsSync(bus));
    serverProxy(bus);
    const front = join(dir, 'front.sock');
    clientProxy(front);
    await until('client socket', () => existsSync(front));
    for (let i = 0; i < 2; i++) {
      const send = start(['--bus=unix:path=' + front, '--print-reply', '--dest=org.freedesktop.DBus', '/', 'org.freedesktop.DBus.ListNames'], { cmd: 'dbus-send' });
      expect(await send.exited).toEqual({ code: 0, signal: null });
      expect(send.stdout().toString()).toMatch(/method return .*\n\s+array \[\n\s+string "org\.freedesktop\.DBus"/);
    }
    expect(daemon.child.exitCode).toBeNull();
  });
});
