/**
 * qtui's SSH server for remote administration, on ssh2's server: public-key
 * authentication only, one role per key, limits on attempts, time, rate and
 * sessions, `exec` through the command table, `shell` to the console (when
 * the daemon provides one), everything else refused, everything audited.
 *
 * Each connection, whether accepted on a listener or injected (a unix or Xen
 * channel socket), gets its own ssh2 Server object: that is how the
 * connection's ssh2 client is tied to its socket and source address through
 * public API only. Building one costs a key-exchange offer, nothing more.
 */
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import ssh2, { type Algorithms, type AuthContext, type Connection, type ServerChannel, type ServerConfig, type Session } from 'ssh2';
import type { Caller, CommandResult } from '../commands/command-spec.js';
import { normalizeAddress } from './address-patterns.js';
import { AuthorizedKeysStore } from './authorized-keys-store.js';
import type { AuthorizedKey, AuthorizedKeys } from './authorized-keys.js';
import { FailureRateLimiter, type FailureRateLimit } from './failure-rate-limiter.js';
import type { HostKey } from './host-key.js';
import { checkPublicKey } from './public-key-check.js';
import { serveSession } from './ssh-session.js';
import type { ShellHandle, ShellRequest, SshAuditEntry } from './ssh-types.js';

export type SshListen = { host: string; port: number } | { path: string };

export interface SshLimits {
  /** Failed authentication requests per connection before it is dropped (sshd's MaxAuthTries). */
  maxAuthAttempts: number;
  /** Time from connecting to authenticated (sshd's LoginGraceTime). */
  loginGraceMs: number;
  /** Connections not yet authenticated, in total and from one address (sshd's MaxStartups). */
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
  failedAuthsPerAddress: FailureRateLimit;
  maxSessionsPerKey: number;
  maxSessionsTotal: number;
  /** An authenticated connection with no activity this long is closed. */
  idleTimeoutMs: number;
  /** Refusals of a rate-limited address are audited as one entry per this interval. */
  rateLimitReportMs: number;
}

export const DEFAULT_SSH_LIMITS: SshLimits = {
  maxAuthAttempts: 6,
  loginGraceMs: 30_000,
  maxUnauthenticated: 64,
  maxUnauthenticatedPerAddress: 16,
  failedAuthsPerAddress: { burst: 20, perMinute: 10 },
  maxSessionsPerKey: 16,
  maxSessionsTotal: 64,
  idleTimeoutMs: 30 * 60_000,
  rateLimitReportMs: 60_000,
};

export interface QtuiSshServerOptions {
  hostKey: HostKey;
  authorizedKeysPath: string;
  listen?: readonly SshListen[];
  limits?: Partial<SshLimits>;
  runCommand: (argv: string[], caller: Caller) => Promise<CommandResult>;
  /**
   * runCommand writes the audit record of every command it is given, with
   * the caller's key and address (the daemon's command table does): the SSH
   * layer then records only the command lines it could not even split, so a
   * command is never in the log twice.
   */
  runCommandAudits?: boolean;
  openShell?: (stream: ServerChannel, request: ShellRequest, caller: Caller) => ShellHandle;
  audit?: (entry: SshAuditEntry) => void;
}

/** Modern algorithms only; ssh2 adds kex-strict-s-v00@openssh.com itself (Terrapin, CVE-2023-48795). */
export const SSH_ALGORITHMS: Algorithms = {
  kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'],
  cipher: ['chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com', 'aes128-gcm@openssh.com', 'aes256-ctr', 'aes192-ctr', 'aes128-ctr'],
  serverHostKey: ['ssh-ed25519'],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'],
  compress: ['none'],
};

interface Conn {
  socket: Socket;
  origin: string;
  /** The client's IP address; undefined for streams that have none. */
  address: string | undefined;
  /** What the rate limit counts against. */
  rateKey: string;
  client?: Connection;
  key?: AuthorizedKey;
  /** The user name the client gave; it decides nothing (the key does), but the log keeps it. */
  user?: string;
  caller?: Caller;
  failures: number;
  sawNone: boolean;
  busy: number;
  /** Set once the server hangs up: requests still in flight are not counted against anyone. */
  ending: boolean;
  idleTimer?: NodeJS.Timeout;
  releases: Set<() => void>;
}

export class QtuiSshServer {
  private readonly limits: SshLimits;
  private readonly keys: AuthorizedKeysStore;
  private readonly limiter: FailureRateLimiter;
  private readonly sshConfig: ServerConfig;
  private readonly listeners: NetServer[] = [];
  private readonly conns = new Set<Conn>();
  private readonly sessionsPerKey = new Map<string, number>();
  private sessionsTotal = 0;
  private readonly rateReports = new Map<string, { count: number }>();
  /** Connections still logging in, per rate key. */
  private readonly startups = new Map<string, number>();
  private startupsTotal = 0;

  constructor(private readonly options: QtuiSshServerOptions) {
    this.limits = { ...DEFAULT_SSH_LIMITS, ...options.limits };
    this.sshConfig = { hostKeys: [options.hostKey.privateKey], algorithms: SSH_ALGORITHMS, ident: 'qtui' };
    // Built once here so a bad host key or an algorithm this Node lacks fails at startup, not per connection.
    new ssh2.Server(this.sshConfig);
    this.limiter = new FailureRateLimiter(this.limits.failedAuthsPerAddress);
    this.keys = new AuthorizedKeysStore(options.authorizedKeysPath, (k) => this.reportKeyErrors(k));
  }

  /** Starts the configured listeners; resolves once all of them listen. */
  start(): Promise<void> {
    return this.listen(this.options.listen ?? []);
  }

  /**
   * Listens at these places instead of the current ones (ssh-enable with a
   * new address). Connections already made carry on; if any new listener
   * cannot be bound, none of them stays and the error says why.
   */
  async listen(places: readonly SshListen[]): Promise<void> {
    for (const old of this.listeners.splice(0)) old.close();
    try {
      for (const where of places) {
        const label = 'path' in where ? `unix socket ${where.path}` : undefined;
        const server = createServer((socket) => this.accept(socket, label));
        this.listeners.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          const ready = (): void => {
            server.off('error', reject);
            resolve();
          };
          if ('path' in where) server.listen(where.path, ready);
          else server.listen(where.port, where.host, ready);
        });
        // Errors on a listening socket (e.g. EMFILE on accept) must not bring the daemon down.
        server.on('error', (e) => this.options.audit?.({ time: new Date().toISOString(), event: 'refused', origin: label ?? 'listener', result: 'error', message: e.message }));
      }
    } catch (e) {
      for (const partial of this.listeners.splice(0)) partial.close();
      throw e;
    }
  }

  /** Where the listeners are bound (the actual port when 0 was asked for). */
  addresses(): (AddressInfo | string)[] {
    return this.listeners.map((s) => s.address()).filter((a): a is AddressInfo | string => a !== null);
  }

  /** Serves a connection that arrived some other way, e.g. a unix or Xen channel socket. */
  injectSocket(socket: Socket, origin: string): void {
    this.accept(socket, origin);
  }

  /** Live counts, for status views and for tests that check nothing leaks. */
  stats(): { connections: number; sessions: number } {
    return { connections: this.conns.size, sessions: this.sessionsTotal };
  }

  /** Ends every connection logged in with this key (after `ssh revoke`); returns how many. */
  dropKey(fingerprint: string): number {
    let n = 0;
    for (const c of this.conns) {
      if (c.key?.fingerprint === fingerprint) {
        this.endConn(c);
        n++;
      }
    }
    return n;
  }

  async close(): Promise<void> {
    const closing = this.listeners.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    this.listeners.length = 0;
    for (const c of this.conns) this.endConn(c);
    await Promise.all(closing);
  }

  private audit(conn: Conn, entry: Omit<SshAuditEntry, 'time' | 'origin'>): void {
    const who = conn.key ? { fingerprint: conn.key.fingerprint, comment: conn.key.comment, role: conn.key.role } : {};
    this.options.audit?.({ time: new Date().toISOString(), origin: conn.origin, ...who, ...entry });
  }

  private reportKeyErrors(keys: AuthorizedKeys): void {
    for (const e of keys.errors) {
      this.options.audit?.({ time: new Date().toISOString(), event: 'authorized-keys', origin: this.options.authorizedKeysPath, result: 'error', message: e.message });
    }
  }

  /**
   * A guessing client may connect thousands of times a second: the first
   * refusal is audited at once, the following ones as one entry with a count
   * per interval, which keeps the log useful and its size bounded.
   */
  private refuseRateLimited(conn: Conn): void {
    const address = conn.rateKey;
    const existing = this.rateReports.get(address);
    if (existing) {
      existing.count++;
      return;
    }
    const report = { count: 1 };
    this.rateReports.set(address, report);
    const flush = (): void => {
      if (report.count === 0) {
        this.rateReports.delete(address);
        return;
      }
      this.options.audit?.({ time: new Date().toISOString(), event: 'rate-limited', origin: address, result: 'refused', message: 'too many failed authentications from this address', count: report.count });
      report.count = 0;
      setTimeout(flush, this.limits.rateLimitReportMs).unref();
    };
    flush();
  }

  private endConn(conn: Conn): void {
    conn.ending = true;
    if (conn.client) conn.client.end();
    // end() says goodbye politely; a client that does not hang up is cut off.
    setTimeout(() => conn.socket.destroy(), 1000).unref();
  }

  private accept(socket: Socket, injectedOrigin: string | undefined): void {
    const address = socket.remoteAddress === undefined ? undefined : normalizeAddress(socket.remoteAddress);
    const origin = injectedOrigin ?? (address === undefined ? 'unknown stream' : `${address}:${socket.remotePort ?? 0}`);
    const conn: Conn = { socket, origin, address, rateKey: address ?? `stream ${origin}`, failures: 0, sawNone: false, busy: 0, ending: false, releases: new Set() };
    socket.on('error', () => socket.destroy());
    if (this.limiter.blocked(conn.rateKey)) {
      this.refuseRateLimited(conn);
      socket.destroy();
      return;
    }
    const fromHere = this.startups.get(conn.rateKey) ?? 0;
    if (fromHere >= this.limits.maxUnauthenticatedPerAddress || this.startupsTotal >= this.limits.maxUnauthenticated) {
      this.audit(conn, { event: 'too-many-startups', result: 'refused', message: `too many connections still logging in (${fromHere} from this address, ${this.startupsTotal} in all)` });
      socket.destroy();
      return;
    }
    this.startups.set(conn.rateKey, fromHere + 1);
    this.startupsTotal++;
    let loggingIn = true;
    const doneLoggingIn = (): void => {
      if (!loggingIn) return;
      loggingIn = false;
      this.startupsTotal--;
      const left = (this.startups.get(conn.rateKey) ?? 1) - 1;
      if (left > 0) this.startups.set(conn.rateKey, left);
      else this.startups.delete(conn.rateKey);
    };
    this.conns.add(conn);
    const grace = setTimeout(() => {
      this.audit(conn, { event: 'login-timeout', result: 'refused', message: `not authenticated within ${this.limits.loginGraceMs} ms` });
      socket.destroy();
    }, this.limits.loginGraceMs);
    socket.once('close', () => {
      doneLoggingIn();
      clearTimeout(grace);
      clearTimeout(conn.idleTimer);
      for (const release of [...conn.releases]) release();
      this.conns.delete(conn);
      if (conn.key) this.audit(conn, { event: 'logout' });
    });

    let server: ssh2.Server;
    try {
      server = new ssh2.Server(this.sshConfig);
    } catch (e) {
      // One connection failing to set up must not take the daemon down with it.
      this.audit(conn, { event: 'refused', result: 'error', message: `cannot serve the connection: ${(e as Error).message}` });
      socket.destroy();
      return;
    }
    server.once('connection', (client: Connection) => {
      conn.client = client;
      client.on('error', () => socket.destroy());
      client.on('authentication', (ctx) => this.authenticate(conn, ctx));
      client.once('ready', () => {
        doneLoggingIn();
        clearTimeout(grace);
        this.audit(conn, { event: 'login', result: 'ok', message: `as user ${JSON.stringify(conn.user ?? '')}` });
        this.touch(conn);
      });
      client.on('session', (accept, reject) => this.openSession(conn, accept, reject));
      client.on('tcpip', (_accept, reject, info) => {
        this.audit(conn, { event: 'refused', command: `direct-tcpip ${info.destIP}:${info.destPort}`, result: 'refused', message: 'port forwarding is not allowed' });
        reject();
      });
      client.on('openssh.streamlocal', (_accept, reject, info) => {
        this.audit(conn, { event: 'refused', command: `direct-streamlocal ${info.socketPath}`, result: 'refused', message: 'socket forwarding is not allowed' });
        reject();
      });
      client.on('request', (_accept, reject, name) => {
        this.audit(conn, { event: 'refused', command: name, result: 'refused', message: 'forwarding is not allowed' });
        reject?.();
      });
    });
    server.injectSocket(socket);
  }

  private authenticate(conn: Conn, ctx: AuthContext): void {
    if (conn.ending) {
      ctx.reject([]);
      return;
    }
    if (ctx.method === 'none' && !conn.sawNone) {
      // Clients probe with "none" first to learn the methods; like sshd, that one is free.
      conn.sawNone = true;
      ctx.reject(['publickey']);
      return;
    }
    const fail = (message: string, fingerprint?: string): void => {
      conn.failures++;
      this.limiter.recordFailure(conn.rateKey);
      this.audit(conn, { event: 'auth-failed', result: 'refused', message: `${ctx.method}: ${message}`, ...(fingerprint ? { fingerprint } : {}) });
      ctx.reject(['publickey']);
      if (this.limiter.blocked(conn.rateKey)) {
        this.refuseRateLimited(conn);
        this.endConn(conn);
      } else if (conn.failures >= this.limits.maxAuthAttempts) {
        this.audit(conn, { event: 'too-many-attempts', result: 'refused', message: `${conn.failures} failed authentication attempts` });
        this.endConn(conn);
      }
    };
    if (ctx.method !== 'publickey') {
      fail('only public-key authentication is accepted');
      return;
    }
    const verdict = checkPublicKey(
      this.keys.current().keys,
      { algo: ctx.key.algo, data: ctx.key.data, hashAlgo: ctx.hashAlgo, signature: ctx.signature, blob: ctx.blob },
      conn.address,
    );
    if (!verdict.ok) {
      fail(verdict.reason, verdict.fingerprint);
      return;
    }
    if (verdict.signed) {
      conn.user = ctx.username;
      conn.key = verdict.key;
      conn.caller = { role: verdict.key.role, identity: `${verdict.key.fingerprint} ${verdict.key.comment}`.trim(), origin: `ssh ${conn.origin}` };
    }
    ctx.accept();
  }

  /** Restarts the idle clock; it only runs out when no command is running. */
  private touch(conn: Conn): void {
    clearTimeout(conn.idleTimer);
    conn.idleTimer = setTimeout(() => {
      if (conn.busy > 0) {
        this.touch(conn);
        return;
      }
      this.audit(conn, { event: 'idle-timeout', message: `idle for ${this.limits.idleTimeoutMs} ms` });
      this.endConn(conn);
    }, this.limits.idleTimeoutMs);
  }

  private openSession(conn: Conn, accept: () => Session, reject: () => void): void {
    const { key, caller } = conn;
    if (!key || !caller) {
      reject();
      return;
    }
    const perKey = this.sessionsPerKey.get(key.fingerprint) ?? 0;
    if (perKey >= this.limits.maxSessionsPerKey || this.sessionsTotal >= this.limits.maxSessionsTotal) {
      const which = perKey >= this.limits.maxSessionsPerKey ? `${this.limits.maxSessionsPerKey} for this key` : `${this.limits.maxSessionsTotal} in total`;
      this.audit(conn, { event: 'refused', command: 'session', result: 'refused', message: `too many sessions (${which})` });
      reject();
      return;
    }
    this.sessionsPerKey.set(key.fingerprint, perKey + 1);
    this.sessionsTotal++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      conn.releases.delete(release);
      this.sessionsTotal--;
      const left = (this.sessionsPerKey.get(key.fingerprint) ?? 1) - 1;
      if (left > 0) this.sessionsPerKey.set(key.fingerprint, left);
      else this.sessionsPerKey.delete(key.fingerprint);
    };
    conn.releases.add(release);
    this.touch(conn);
    serveSession(accept(), {
      key,
      caller,
      runCommand: this.options.runCommand,
      runCommandAudits: this.options.runCommandAudits ?? false,
      ...(this.options.openShell ? { openShell: this.options.openShell } : {}),
      audit: (entry) => this.audit(conn, entry),
      activity: () => this.touch(conn),
      busy: (delta) => {
        conn.busy += delta;
      },
      release,
    });
  }
}
