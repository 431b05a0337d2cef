/**
 * Joins dom0's vchan to the qube's bus, one clean session at a time: runs
 * `vchan-socket-proxy --mode=server [--state-path=S] PEER PATH -`, which
 * offers the vchan and, once dom0's client proxy opens it, pumps that one
 * session through its stdin/stdout and exits. Only when the first byte from
 * dom0 arrives does the keeper open a connection to the bus socket and join
 * the two, and when the proxy exits it starts a new one.
 *
 * A new proxy per session is what makes sessions clean: Xen does not reset
 * the vchan rings between sessions, so a server that lived on would hand the
 * next dom0 connection up to 2 KiB of the last one's unread data, breaking
 * its D-Bus handshake. A new server has new rings. Opening the bus
 * connection lazily keeps dbus-daemon's authentication timeout from closing
 * a connection that waits for dom0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

export interface VchanServerOptions {
  /** The program; default `vchan-socket-proxy` from PATH. */
  proxy?: string;
  /** The only domain allowed to open the vchan; dom0 (0) by default. */
  peerDomid?: number;
  /** The vchan's xenstore path, e.g. /local/domain/7/data/vchan/dbus. */
  vchanPath: string;
  /** Xenstore key the proxy sets to `running` once it offers the vchan. */
  statePath?: string;
  /** The bus's unix socket. */
  busSocket: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5_000;
const STOP_WAIT_MS = 3_000;

/** The unix socket path of a `unix:path=…` bus address, or undefined for any other kind. */
export function unixSocketOfAddress(address: string): string | undefined {
  for (const part of address.split(';')) {
    const m = /^unix:(.*)$/.exec(part);
    const path = m?.[1]?.split(',').find((kv) => kv.startsWith('path='));
    if (path) return path.slice('path='.length);
  }
  return undefined;
}

export class VchanServerKeeper {
  private child: ChildProcess | undefined;
  private bus: Socket | undefined;
  private stopped = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  constructor(private readonly options: VchanServerOptions) {}

  start(): void {
    // An agent that exits (its bus gone) must not leave a proxy offering a dead vchan.
    process.once('exit', this.killOnExit);
    this.spawnProxy();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    process.off('exit', this.killOnExit);
    this.bus?.destroy();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
    await exited;
    clearTimeout(timer);
  }

  private spawnProxy(): void {
    const o = this.options;
    const args = ['--mode=server', ...(o.statePath ? [`--state-path=${o.statePath}`] : []), String(o.peerDomid ?? 0), o.vchanPath, '-'];
    const child = spawn(o.proxy ?? 'vchan-socket-proxy', args, { stdio: ['pipe', 'pipe', 'pipe'], env: o.env ?? process.env });
    this.child = child;
    let sessionSeen = false;

    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      for (const line of d.split('\n')) if (line.trim() !== '') o.log?.(`vchan-socket-proxy: ${line.slice(0, 500)}`);
    });
    // A proxy that died mid-write reports through 'exit'.
    child.stdin?.on('error', () => undefined);
    child.once('error', (e) => o.log?.(`cannot run ${o.proxy ?? 'vchan-socket-proxy'}: ${e.message}`));

    child.stdout?.once('data', (first: Buffer) => {
      sessionSeen = true;
      const bus = connect(o.busSocket);
      this.bus = bus;
      bus.on('error', (e) => {
        o.log?.(`bus socket ${o.busSocket}: ${e.message}`);
        child.kill('SIGTERM');
      });
      // No half-close on a vchan: when the bus hangs up, the session is over.
      bus.once('close', () => child.stdin?.end());
      bus.write(first);
      child.stdout?.pipe(bus);
      if (child.stdin) bus.pipe(child.stdin);
    });

    child.once('close', (code, signal) => {
      this.bus?.destroy();
      this.bus = undefined;
      this.child = undefined;
      if (this.stopped) return;
      if (sessionSeen) this.failures = 0;
      else {
        this.failures++;
        o.log?.(`vchan-socket-proxy ended without a session (${signal ?? `exit ${code}`})`);
      }
      const delay = this.failures === 0 ? 0 : Math.min(BACKOFF_MIN_MS * 2 ** (this.failures - 1), BACKOFF_MAX_MS);
      this.restartTimer = setTimeout(() => this.spawnProxy(), delay);
    });
  }
}
