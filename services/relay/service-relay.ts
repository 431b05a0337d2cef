/**
 * dom0's relay to the service qubes: one QubeLink per running service qube
 * (opened by qubeStarted, closed by qubeStopped), and every call and signal
 * passing through it checked. A call is first put to the policy (source
 * dom0, target the qube); its reply must carry the signature the protocol
 * spec names, stay under a size limit, and pass the caller's decoder.
 * Signals are checked the same way (source the qube, target dom0) before a
 * handler sees them. Nothing here waits without a time limit, and every
 * failure is a RelayError.
 */
import { join } from 'node:path';
import { DBusError, Message, MessageType, type MessageBus } from 'dbus-next';
import type { BackoffOptions } from '../../xen-bridge/backoff.js';
import { locateXenTool } from '../../xen-bridge/xen-tools.js';
import type { InterfaceSpec } from '../dbus-protocol/index.js';
import { evaluateDBus, type Policy, type PolicyQubes } from '../policy/index.js';
import { QubeLink, type LinkStatus } from './qube-link.js';
import { RelayError } from './relay-error.js';
import { measureValue, sanitizeText } from './untrusted-text.js';

/** Where an interface lives on a service qube's bus (the protocol's QTUI_* constants fit). */
export interface DBusTarget {
  busName: string;
  objectPath: string;
  spec: InterfaceSpec;
}

/** Turns a reply's body into a typed value, or says why it is refused. */
export type BodyDecoder<T> = (body: readonly unknown[]) => T | string;

export interface RelayAuditEntry {
  time: string;
  event: 'dbus-denied' | 'dbus-invalid';
  qube: string;
  interface: string;
  member: string;
  direction: 'call' | 'signal';
  reason: string;
}

export interface ServiceRelayOptions {
  /** Where the client proxies' sockets go (the daemon's runtime folder). */
  runtimeDir: string;
  /** Environment of the proxies (QTUI_SIM_DIR on the simulated host) and where the proxy is looked up. */
  env: NodeJS.ProcessEnv;
  policy: () => Policy;
  qubes: () => PolicyQubes;
  audit: (entry: RelayAuditEntry) => void;
  log?: (line: string) => void;
  /** Per call; default 5 s. */
  callTimeoutMs?: number;
  /** Proxy socket plus D-Bus handshake; default 5 s. */
  connectTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** The largest reply or signal accepted, in bytes; default 1 MiB. A message far over it (64 KiB more) ends the connection. */
  maxReplyBytes?: number;
  /** Called whenever a link's status changes (for views). */
  onStatus?: (qube: string, status: LinkStatus) => void;
}

export interface CallOptions {
  timeoutMs?: number;
  maxReplyBytes?: number;
}

/** The xenstore path of the relay's vchan in a qube (relative to its home there). */
export const RELAY_VCHAN_NAME = 'data/vchan/dbus';

const DEFAULT_CALL_TIMEOUT_MS = 5_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_REPLY_BYTES = 1 << 20;
const MESSAGE_HEADER_ALLOWANCE = 64 << 10;
const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, resetAfterMs: 30_000 };

interface Subscription {
  target: DBusTarget;
  signal: string;
  handler: (qube: string, message: { signature: string; body: unknown[] }) => void;
}

export class ServiceRelay {
  private readonly links = new Map<string, QubeLink>();
  private readonly subscriptions: Subscription[] = [];
  /** Set by close(): a qube that comes up while the daemon stops (autostart goes on) gets no link, whose proxy would outlive the daemon. */
  private closed = false;

  constructor(private readonly o: ServiceRelayOptions) {}

  /** The domain of a service qube is up: open (or re-open) its link. */
  qubeStarted(name: string, domid: number): void {
    if (this.closed) return;
    // The old link must be gone before the new one takes its socket path.
    const old = this.links.get(name);
    const previous = old ? old.close() : Promise.resolve();
    const proxy = locateXenTool('vchan-socket-proxy', { env: this.o.env });
    const link = new QubeLink({
      name,
      domid,
      proxy: proxy ?? 'vchan-socket-proxy',
      socketPath: join(this.o.runtimeDir, `relay-${name}.sock`),
      vchanPath: `/local/domain/${domid}/${RELAY_VCHAN_NAME}`,
      env: this.o.env,
      connectTimeoutMs: this.o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // Room for the header fields on top of the largest body accepted.
      maxMessageBytes: (this.o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES) + MESSAGE_HEADER_ALLOWANCE,
      backoff: this.o.backoff ?? DEFAULT_BACKOFF,
      log: this.o.log ?? (() => undefined),
      onUp: (bus) => this.watchSignals(name, bus),
      onStatus: (s) => this.o.onStatus?.(name, s),
    });
    this.links.set(name, link);
    void previous.then(() => {
      if (this.links.get(name) === link) link.start();
    });
  }

  /** The domain halted: close its link. */
  async qubeStopped(name: string): Promise<void> {
    const link = this.links.get(name);
    if (!link) return;
    this.links.delete(name);
    await link.close();
  }

  /** The link's state; 'closed' for a qube the relay has no link to. */
  status(name: string): LinkStatus {
    return this.links.get(name)?.status ?? { state: 'closed', detail: 'the qube is not running', sinceMs: 0 };
  }

  /** Qubes with a link, whatever its state. */
  qubes(): string[] {
    return [...this.links.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    const links = [...this.links.values()];
    this.links.clear();
    await Promise.all(links.map((l) => l.close()));
  }

  /**
   * Calls `member` of `target` on `qube`'s bus with `args` (which must fit
   * the spec's in-signature) and returns the decoded reply.
   */
  async call<T>(qube: string, target: DBusTarget, member: string, args: readonly unknown[], decode: BodyDecoder<T>, opts: CallOptions = {}): Promise<T> {
    const method = target.spec.methods[member];
    if (!method) throw new RelayError('invalid-args', `${target.spec.name} has no method ${member}`);
    const decision = evaluateDBus(this.o.policy(), { interface: target.spec.name, member, source: 'dom0', target: qube }, this.o.qubes());
    if (decision.action !== 'allow') {
      const why = decision.action === 'ask' ? 'the policy says ask, and a relayed call cannot ask' : decision.reason;
      this.audit('dbus-denied', qube, target.spec.name, member, 'call', why);
      throw new RelayError('denied', `policy refuses ${target.spec.name}.${member} from dom0 to ${qube}: ${why}`);
    }
    const link = this.links.get(qube);
    const bus = link?.connection;
    if (!link || !bus) throw new RelayError('down', `${qube}: ${this.status(qube).detail}`);

    let reply: { signature: string; body: unknown[] };
    let cancelLost = (): void => undefined;
    const lost = new Promise<never>((_, reject) => {
      cancelLost = link.whenLost((why) => reject(new RelayError('down', `${qube}: ${target.spec.name}.${member} got no answer: ${why}`)));
    });
    try {
      reply = await Promise.race([callWithTimeout(bus, target, member, method.in, args, opts.timeoutMs ?? this.o.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS, qube), lost]);
    } catch (e) {
      if (e instanceof RelayError) throw e;
      if (e instanceof DBusError) throw new RelayError('remote', `${qube}: ${sanitizeText(e.type, 200)}: ${sanitizeText(e.text ?? '', 500)}`, sanitizeText(e.type, 200));
      throw new RelayError('down', `${qube}: ${target.spec.name}.${member} failed: ${sanitizeText(e instanceof Error ? e.message : String(e), 500)}`);
    } finally {
      cancelLost();
    }
    return this.checked(qube, target, member, 'call', reply, method.out, opts.maxReplyBytes, decode);
  }

  /**
   * Runs `handler` for each `signal` of `target` from any service qube,
   * once the policy allows it (source the qube, target dom0) and its body
   * has the spec's signature and passes `decode`. Returns an unsubscribe.
   */
  onSignal<T>(target: DBusTarget, signal: string, decode: BodyDecoder<T>, handler: (qube: string, value: T) => void): () => void {
    if (!(signal in target.spec.signals)) throw new RelayError('invalid-args', `${target.spec.name} has no signal ${signal}`);
    const sub: Subscription = {
      target,
      signal,
      handler: (qube, message) => {
        let value: T;
        try {
          value = this.checked(qube, target, signal, 'signal', message, target.spec.signals[signal] ?? '', undefined, decode);
        } catch {
          return; // Refused and audited by checked(); nothing to deliver.
        }
        try {
          handler(qube, value);
        } catch (e) {
          // Thrown inside dbus-next's reader, it would end the qube's connection.
          this.o.log?.(`relay ${qube}: handler of ${target.spec.name}.${signal} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    };
    this.subscriptions.push(sub);
    for (const [name, link] of this.links) if (link.connection) addMatch(link.connection, sub, this.o.log, name);
    return () => {
      const i = this.subscriptions.indexOf(sub);
      if (i >= 0) this.subscriptions.splice(i, 1);
    };
  }

  private watchSignals(qube: string, bus: MessageBus): void {
    for (const sub of this.subscriptions) addMatch(bus, sub, this.o.log, qube);
    bus.on('message', (msg: Message) => {
      if (msg.type !== MessageType.SIGNAL) return;
      for (const sub of this.subscriptions) {
        if (msg.interface !== sub.target.spec.name || msg.member !== sub.signal || msg.path !== sub.target.objectPath) continue;
        const decision = evaluateDBus(this.o.policy(), { interface: msg.interface, member: msg.member, source: qube, target: '@adminvm' }, this.o.qubes());
        if (decision.action !== 'allow') {
          this.audit('dbus-denied', qube, msg.interface, msg.member, 'signal', decision.reason);
          continue;
        }
        sub.handler(qube, { signature: msg.signature, body: msg.body as unknown[] });
      }
    });
  }

  /** The decoded value of a reply or signal that has the expected signature, fits the limit and passes decode; else audited and refused. */
  private checked<T>(
    qube: string,
    target: DBusTarget,
    member: string,
    direction: 'call' | 'signal',
    received: { signature: string; body: unknown[] },
    signature: string,
    maxBytes: number | undefined,
    decode: BodyDecoder<T>,
  ): T {
    const refuse = (why: string): never => {
      this.audit('dbus-invalid', qube, target.spec.name, member, direction, why);
      throw new RelayError('invalid-reply', `${qube}: ${target.spec.name}.${member}: refused ${direction === 'call' ? 'reply' : 'signal'}: ${why}`);
    };
    if (received.signature !== signature) refuse(`signature ${JSON.stringify(sanitizeText(received.signature, 100))}, expected ${JSON.stringify(signature)}`);
    const limit = maxBytes ?? this.o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    if (measureValue(received.body, limit) > limit) refuse(`larger than ${limit} bytes`);
    const value = decode(received.body);
    if (typeof value === 'string') refuse(value);
    return value as T;
  }

  private audit(event: RelayAuditEntry['event'], qube: string, iface: string, member: string, direction: 'call' | 'signal', reason: string): void {
    this.o.audit({ time: new Date().toISOString(), event, qube, interface: iface, member, direction, reason: sanitizeText(reason, 500) });
  }
}

async function callWithTimeout(
  bus: MessageBus,
  target: DBusTarget,
  member: string,
  inSignature: string,
  args: readonly unknown[],
  timeoutMs: number,
  qube: string,
): Promise<{ signature: string; body: unknown[] }> {
  const msg = new Message({
    destination: target.busName,
    path: target.objectPath,
    interface: target.spec.name,
    member,
    ...(inSignature ? { signature: inSignature, body: [...args] } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RelayError('timeout', `${qube}: no answer to ${target.spec.name}.${member} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // Message encoding throws synchronously on arguments that do not fit the signature.
    const reply = await Promise.race([Promise.resolve().then(() => bus.call(msg)), timedOut]);
    return reply ? { signature: reply.signature, body: reply.body as unknown[] } : { signature: '', body: [] };
  } finally {
    clearTimeout(timer);
  }
}

function addMatch(bus: MessageBus, sub: Subscription, log: ((line: string) => void) | undefined, qube: string): void {
  const rule = `type='signal',interface='${sub.target.spec.name}',member='${sub.signal}',path='${sub.target.objectPath}'`;
  const msg = new Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'AddMatch', signature: 's', body: [rule] });
  bus.call(msg).catch((e: unknown) => log?.(`relay ${qube}: AddMatch failed: ${e instanceof Error ? e.message : String(e)}`));
}
