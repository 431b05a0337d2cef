/**
 * dom0's one long-lived D-Bus connection to one running service qube: a
 * `vchan-socket-proxy --mode=client` child listening on a socket in the
 * runtime folder, and dbus-next connected through it.
 *
 * The proxy and the connection live and die together. Xen's client proxy
 * serves one connection at a time and exits when its client drops
 * mid-stream, and a vchan's rings keep stale bytes across sessions; so
 * every new attempt starts a fresh proxy and a fresh connection (the
 * agent's keeper offers a fresh vchan server per session too), and any
 * failure of either tears both down and tries again after a back-off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { sessionBus, type MessageBus } from 'dbus-next';
import { Backoff, type BackoffOptions } from '../../xen-bridge/backoff.js';
import { dbusNextAddress, onBusLost } from '../dbus-protocol/index.js';
import { guardBusStream } from './bus-stream-guard.js';
import { sanitizeText } from './untrusted-text.js';

/** up: connected; connecting: an attempt is under way; silent: the qube did not answer in time; down: it failed or dropped; closed: the qube halted. */
export type LinkState = 'connecting' | 'up' | 'silent' | 'down' | 'closed';

export interface LinkStatus {
  state: LinkState;
  /** Why, in words (the last failure, or what it is waiting for). */
  detail: string;
  /** Epoch ms of the last change. */
  sinceMs: number;
}

export interface QubeLinkOptions {
  name: string;
  domid: number;
  /** The vchan-socket-proxy program. */
  proxy: string;
  /** The unix socket the client proxy listens on. */
  socketPath: string;
  /** The vchan's xenstore path in the qube. */
  vchanPath: string;
  env: NodeJS.ProcessEnv;
  /** How long the proxy's socket plus the D-Bus handshake may take. */
  connectTimeoutMs: number;
  /** The largest D-Bus message accepted from the qube; a larger one ends the connection. */
  maxMessageBytes: number;
  backoff: BackoffOptions;
  log: (line: string) => void;
  /** Called on each new connection (to add signal matches). */
  onUp: (bus: MessageBus) => void;
  onStatus?: (status: LinkStatus) => void;
}

const SOCKET_POLL_MS = 20;
const PROXY_STOP_WAIT_MS = 2_000;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(what)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export class QubeLink {
  private bus: MessageBus | undefined;
  private proxy: ChildProcess | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private upSinceMs = 0;
  private closed = false;
  /** Counts attempts, so a late result of an abandoned one is ignored. */
  private attemptNo = 0;
  private readonly backoff: Backoff;
  private current: LinkStatus = { state: 'connecting', detail: 'starting', sinceMs: Date.now() };
  /** Calls in flight on the current connection, told when it is lost (dbus-next never fails them itself). */
  private readonly lostWaiters = new Set<(why: string) => void>();

  constructor(private readonly o: QubeLinkOptions) {
    this.backoff = new Backoff(o.backoff);
  }

  get status(): LinkStatus {
    return this.current;
  }

  /** The live connection, or undefined while the link is not up. */
  get connection(): MessageBus | undefined {
    return this.current.state === 'up' ? this.bus : undefined;
  }

  start(): void {
    void this.attempt();
  }

  /** Runs `onLost` if the current connection ends before the returned cancel is called. */
  whenLost(onLost: (why: string) => void): () => void {
    this.lostWaiters.add(onLost);
    return () => this.lostWaiters.delete(onLost);
  }

  private tellLost(why: string): void {
    const waiters = [...this.lostWaiters];
    this.lostWaiters.clear();
    for (const w of waiters) w(why);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.attemptNo++;
    clearTimeout(this.retryTimer);
    this.setStatus('closed', 'the qube is not running');
    this.tellLost('the qube stopped');
    await this.teardown();
  }

  private setStatus(state: LinkState, detail: string): void {
    this.current = { state, detail: sanitizeText(detail, 300), sinceMs: Date.now() };
    this.o.onStatus?.(this.current);
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    const no = ++this.attemptNo;
    this.setStatus('connecting', `connecting through vchan ${this.o.vchanPath}`);
    try {
      const proxy = this.startProxy(no);
      await timeout(this.socketReady(proxy, no), this.o.connectTimeoutMs, `the vchan proxy did not listen on ${this.o.socketPath} in time`);
      const pending = connectGuarded(`unix:path=${this.o.socketPath}`, this.o.maxMessageBytes);
      let bus: MessageBus;
      try {
        bus = await timeout(pending, this.o.connectTimeoutMs, `no D-Bus answer from ${this.o.name} within ${this.o.connectTimeoutMs} ms`);
      } catch (e) {
        // A handshake that answers after all must not leave a connection behind.
        void pending.then((late) => late.disconnect(), () => undefined);
        throw new SilentError(message(e));
      }
      if (no !== this.attemptNo) {
        bus.disconnect();
        return;
      }
      this.bus = bus;
      // A connection with no listener for 'error' would throw it at the process.
      bus.on('error', () => undefined);
      onBusLost(bus, (why) => {
        if (no === this.attemptNo && this.bus === bus) this.fail(`connection lost: ${why}`, 'down');
      });
      this.upSinceMs = Date.now();
      this.setStatus('up', `connected (domid ${this.o.domid})`);
      this.o.onUp(bus);
    } catch (e) {
      if (no === this.attemptNo) this.fail(message(e), e instanceof SilentError ? 'silent' : 'down');
    }
  }

  private fail(why: string, state: 'down' | 'silent'): void {
    if (this.closed) return;
    this.attemptNo++;
    const ranMs = this.upSinceMs > 0 ? Date.now() - this.upSinceMs : 0;
    this.upSinceMs = 0;
    const delay = this.backoff.delayAfterRun(ranMs);
    this.setStatus(state, `${why}; retrying in ${delay} ms`);
    this.tellLost(why);
    this.o.log(`relay ${this.o.name}: ${why}`);
    void this.teardown().then(() => {
      if (this.closed) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.attempt(), delay);
    });
  }

  private startProxy(no: number): ChildProcess {
    // The proxy's bind fails on an existing file, and it never removes its socket.
    rmSync(this.o.socketPath, { force: true });
    const args = ['--mode=client', String(this.o.domid), this.o.vchanPath, this.o.socketPath];
    const child = spawn(this.o.proxy, args, { env: this.o.env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.proxy = child;
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 2000) stderr += d;
    });
    child.once('error', (e) => {
      if (no === this.attemptNo) this.fail(`cannot run ${this.o.proxy}: ${e.message}`, 'down');
    });
    child.once('exit', (code, signal) => {
      if (this.proxy === child) this.proxy = undefined;
      if (no === this.attemptNo) this.fail(`the vchan proxy exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`, 'down');
    });
    return child;
  }

  private async socketReady(proxy: ChildProcess, no: number): Promise<void> {
    while (!existsSync(this.o.socketPath)) {
      if (proxy.exitCode !== null || proxy.signalCode !== null) throw new Error('the vchan proxy exited before listening');
      // An attempt given up on (timed out, failed, closed) stops polling.
      if (no !== this.attemptNo) throw new Error('attempt abandoned');
      await new Promise((r) => setTimeout(r, SOCKET_POLL_MS));
    }
  }

  private async teardown(): Promise<void> {
    const bus = this.bus;
    this.bus = undefined;
    bus?.disconnect();
    const proxy = this.proxy;
    this.proxy = undefined;
    if (proxy && proxy.exitCode === null && proxy.signalCode === null) {
      const exited = new Promise<void>((resolve) => proxy.once('exit', () => resolve()));
      proxy.kill('SIGTERM');
      const timer = setTimeout(() => proxy.kill('SIGKILL'), PROXY_STOP_WAIT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.o.socketPath, { force: true });
  }
}

/**
 * Like dbus-protocol's connectBus, with the guards of bus-stream-guard.ts on the
 * socket from the very start: bytes that arrive with the handshake's last
 * line are parsed as soon as dbus-next's reader is attached.
 */
function connectGuarded(address: string, maxMessageBytes: number): Promise<MessageBus> {
  const bus = sessionBus({ busAddress: dbusNextAddress(address) });
  guardBusStream(bus, maxMessageBytes);
  return new Promise((resolve, reject) => {
    const onError = (e: unknown): void => {
      bus.off('connect', onConnect);
      bus.disconnect();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onConnect = (): void => {
      bus.off('error', onError);
      resolve(bus);
    };
    bus.once('error', onError);
    bus.once('connect', onConnect);
  });
}

/** A qube that did not answer, as opposed to one that refused or failed. */
class SilentError extends Error {}
