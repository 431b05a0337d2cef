/**
 * Parts for relay tests on a simulated Xen host: qube buses (Debian's real
 * dbus-daemon at a fixed socket in the domain folder, so a test can kill
 * and restart one), the compiled agents run "inside" a domain (env
 * QTUI_SIM_DIR / QTUI_SIM_DOMID as the domain would give them), an
 * in-process fake agent that answers what a test tells it to, a policy
 * folder, and a relay whose audit entries are kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Message, MessageType, type MessageBus } from 'dbus-next';
import { connectBus, QTUI_NETWORK, VchanServerKeeper, type UsbDevice } from '../../../services/dbus-protocol/index.js';
import { loadPolicy, type Policy, type PolicyQube, type PolicyQubes } from '../../../services/policy/index.js';
import { qubeBusConfig, qubeBusSocket } from '../../../services/relay/service-qube-boot.js';
import { FirewallRulesStore } from '../../../services/relay/firewall-rules-store.js';
import type { BlockAttacher, BlockAttachment, RelayContext, UsbAttacher, UsbAttachment } from '../../../services/relay/relay-context.js';
import type { ServiceKind } from '../../../services/relay/service-qube-boot.js';
import { RELAY_VCHAN_NAME, ServiceRelay, type RelayAuditEntry } from '../../../services/relay/service-relay.js';
import { UsbAssignments } from '../../../services/relay/usb-assignments.js';
import { domainFolder } from '../../../xen-bridge/sim/sim-state.js';
import { REPO_ROOT, SIM_BIN, type SimXenHost } from '../../support/sim-host.js';

export const RELAY_TEST_POLICY = `
qtui.DBus.org.qtui.Network1        +Routes  @adminvm  sys-net   deny
qtui.DBus.org.qtui.Network1        *        @adminvm  sys-net   allow
qtui.DBus.org.qtui.Network1        *        @adminvm  sys-fake  allow
qtui.DBus.org.qtui.Notifications1  *        @adminvm  sys-gui   allow
qtui.DBus.org.qtui.Clipboard1      *        @adminvm  sys-gui   allow
qtui.DBus.org.qtui.Firewall1       *        @adminvm  sys-firewall  allow
qtui.DBus.org.qtui.USB1            *        @adminvm  sys-usb   allow
qtui.DBus.org.qtui.USB1            *        @adminvm  sys-quiet allow
qtui.DBus.org.qtui.Network1        *        sys-net   @adminvm  allow
qtui.DBus.org.qtui.USB1            *        sys-usb   @adminvm  allow
qtui.DBus.org.qtui.Notifications1  +Added   sys-gui   @adminvm  allow
qubes.ClipboardPaste               *        work      personal  allow
qubes.ClipboardPaste               *        @anyvm    @anyvm    deny
*  *  *  *  deny
`;

export async function waitFor(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function policyFolder(text: string): { policy: Policy; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'qtui-relay-policy-'));
  writeFileSync(join(dir, '50-test.policy'), text);
  const policy = loadPolicy(dir);
  if (policy.errors.length > 0) throw new Error(`test policy: ${JSON.stringify(policy.errors)}`);
  return { policy, dir };
}

export function qubeTable(names: readonly string[]): PolicyQubes {
  const table = new Map<string, PolicyQube>(names.map((name) => [name, { name, klass: 'AppVM', tags: [] }]));
  return { get: (name) => table.get(name) };
}

/** A qube's bus: dbus-daemon on <domain folder>/bus.sock, restartable on the same path. */
export class QubeBus {
  private child: ChildProcess | undefined;
  readonly socket: string;
  readonly address: string;
  private readonly config: string;

  constructor(readonly folder: string) {
    mkdirSync(folder, { recursive: true });
    this.socket = qubeBusSocket(folder);
    this.address = `unix:path=${this.socket}`;
    this.config = join(folder, 'bus.conf');
    writeFileSync(this.config, qubeBusConfig(this.socket, userInfo().username));
  }

  async start(): Promise<void> {
    rmSync(this.socket, { force: true });
    const child = spawn('dbus-daemon', ['--nofork', `--config-file=${this.config}`], { stdio: 'ignore' });
    this.child = child;
    await waitFor(`dbus-daemon on ${this.socket}`, () => existsSync(this.socket) || child.exitCode !== null);
    if (child.exitCode !== null) throw new Error(`dbus-daemon exited ${child.exitCode}`);
  }

  /** SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
}

/** The env a program "inside" domain `domid` of the host gets. */
export function guestEnv(host: SimXenHost, domid: number, name: string): NodeJS.ProcessEnv {
  return { ...host.env, QTUI_SIM_DOMID: String(domid), QTUI_SIM_DOMNAME: name };
}

export interface AgentChild {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a compiled agent (dist-relative main) inside the domain, serving the relay's vchan; resolves once it is ready. */
export async function startAgent(host: SimXenHost, domid: number, name: string, main: string, bus: QubeBus, extra: readonly string[] = []): Promise<AgentChild> {
  const env = { ...guestEnv(host, domid, name), QTUI_VCHAN_PROXY: join(SIM_BIN, 'vchan-socket-proxy') };
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', main), ...extra, '--bus', bus.address, '--vchan', RELAY_VCHAN_NAME], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitFor(`${main} ready (${out})`, () => out.includes(': ready') || child.exitCode !== null);
  if (child.exitCode !== null) throw new Error(`${main} exited ${child.exitCode}: ${out}`);
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * An agent served from this process on a qube bus (`serve` exports its
 * interfaces and returns how to stop them), joined to the relay's vchan by
 * the same keeper the real agents use. Restartable, so a test can kill the
 * qube's bus and bring everything back.
 */
export class InProcessAgent {
  private bus: MessageBus | undefined;
  private keeper: VchanServerKeeper | undefined;
  private stopService: (() => Promise<void>) | undefined;

  constructor(
    private readonly host: SimXenHost,
    private readonly domid: number,
    private readonly name: string,
    private readonly qubeBus: QubeBus,
    private readonly serve: (bus: MessageBus) => Promise<() => Promise<void>>,
  ) {}

  async start(): Promise<void> {
    const bus = await connectBus(this.qubeBus.address);
    bus.on('error', () => undefined);
    this.bus = bus;
    this.stopService = await this.serve(bus);
    this.keeper = new VchanServerKeeper({
      proxy: join(SIM_BIN, 'vchan-socket-proxy'),
      vchanPath: `/local/domain/${this.domid}/${RELAY_VCHAN_NAME}`,
      busSocket: this.qubeBus.socket,
      env: guestEnv(this.host, this.domid, this.name),
    });
    this.keeper.start();
  }

  async stop(): Promise<void> {
    await this.keeper?.stop();
    await this.stopService?.().catch(() => undefined);
    this.bus?.disconnect();
    this.bus = undefined;
    this.keeper = undefined;
    this.stopService = undefined;
  }
}

export type FakeMode = 'ok' | 'slow' | 'garbage' | 'oversized' | 'huge' | 'wrong-signature';

/** A fake sys-net agent: owns org.qtui.Network1 and answers Interfaces() as `mode` says. */
export class FakeNetworkAgent extends InProcessAgent {
  mode: FakeMode = 'ok';

  constructor(host: SimXenHost, domid: number, qubeBus: QubeBus) {
    super(host, domid, 'sys-fake', qubeBus, async (bus) => {
      bus.addMethodHandler((msg: Message) => {
        if (msg.type !== MessageType.METHOD_CALL || msg.interface !== QTUI_NETWORK.spec.name || msg.member !== 'Interfaces') return false;
        this.answer(bus, msg);
        return true;
      });
      await bus.requestName(QTUI_NETWORK.busName, 4);
      return () => Promise.resolve();
    });
  }

  private answer(bus: MessageBus, msg: Message): void {
    const lo = ['lo', 'loopback', 'unknown', '00:00:00:00:00:00', 65536, ['127.0.0.1/8'], 1n, 2n];
    switch (this.mode) {
      case 'ok':
        return bus.send(Message.newMethodReturn(msg, 'a(ssssuastt)', [[lo]]));
      case 'slow':
        return void setTimeout(() => bus.send(Message.newMethodReturn(msg, 'a(ssssuastt)', [[lo]])), 30_000).unref();
      case 'garbage':
        return bus.send(Message.newMethodReturn(msg, 'a(ssssuastt)', [[['lo\x1b[2J', 'loopback', 'up', '', 1, [], 0n, 0n]]]));
      case 'oversized':
        return bus.send(Message.newMethodReturn(msg, 'a(ssssuastt)', [[['lo', 'loopback', 'up', 'x'.repeat(300_000), 1, [], 0n, 0n]]]));
      case 'huge':
        return bus.send(Message.newMethodReturn(msg, 'a(ssssuastt)', [[['lo', 'loopback', 'up', 'x'.repeat(400_000), 1, [], 0n, 0n]]]));
      case 'wrong-signature':
        return bus.send(Message.newMethodReturn(msg, 's', ['hello']));
    }
  }
}

export interface RelayUnderTest {
  relay: ServiceRelay;
  audits: RelayAuditEntry[];
  runtimeDir: string;
  cleanup: () => Promise<void>;
}

export function startRelay(host: SimXenHost, policy: Policy, qubes: PolicyQubes): RelayUnderTest {
  const runtimeDir = mkdtempSync(join(tmpdir(), 'qtui-relay-run-'));
  const audits: RelayAuditEntry[] = [];
  const relay = new ServiceRelay({
    runtimeDir,
    env: host.env,
    policy: () => policy,
    qubes: () => qubes,
    audit: (e) => audits.push(e),
    callTimeoutMs: 3_000,
    connectTimeoutMs: 4_000,
    // Small enough that the oversized fake reply crosses the simulated vchan quickly.
    maxReplyBytes: 256 << 10,
    backoff: { initialMs: 100, maxMs: 1_000, resetAfterMs: 10_000 },
  });
  return {
    relay,
    audits,
    runtimeDir,
    cleanup: async () => {
      await relay.close();
      rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}

export async function createDomain(host: SimXenHost, name: string): Promise<{ domid: number; folder: string }> {
  const created = await host.xl('create', host.writeConfig(name, { memory: 64 }));
  if (created.code !== 0) throw new Error(`xl create ${name}: ${created.stderr}`);
  const domid = Number((await host.xl('domid', name)).stdout.trim());
  return { domid, folder: domainFolder(host.dir, name) };
}

/** What the daemon would do with xl, written down instead (the relay's part ends at the UsbAttacher). */
export class RecordingUsbAttacher implements UsbAttacher {
  readonly calls: string[] = [];
  attach(qube: string, device: UsbDevice, backend: string): Promise<void> {
    this.calls.push(`attach ${qube} ${backend}:${device.port}`);
    return Promise.resolve();
  }
  detach(qube: string, device: UsbDevice): Promise<void> {
    this.calls.push(`detach ${qube} ${device.port}`);
    return Promise.resolve();
  }
  attachments(): Promise<UsbAttachment[]> {
    return Promise.resolve([]);
  }
}

/** The BlockAttacher counterpart: records, lends nothing. */
export class RecordingBlockAttacher implements BlockAttacher {
  readonly calls: string[] = [];
  attach(qube: string, backend: string, target: string, readOnly: boolean): Promise<string> {
    this.calls.push(`attach ${qube} ${backend}:${target} ${readOnly ? 'ro' : 'rw'}`);
    return Promise.resolve('xvdi');
  }
  detach(qube: string, vdev: string): Promise<void> {
    this.calls.push(`detach ${qube} ${vdev}`);
    return Promise.resolve();
  }
  attachments(): Promise<BlockAttachment[]> {
    return Promise.resolve([]);
  }
}

/** A RelayContext over a test relay: `services` says which qube provides what, `stateDir` holds the JSON files. */
export function testContext(relay: ServiceRelay, policy: Policy, qubes: PolicyQubes, names: readonly string[], services: Partial<Record<ServiceKind, string>>, stateDir: string, usb: UsbAttacher = new RecordingUsbAttacher()): RelayContext {
  return {
    relay,
    serviceQube: (kind) => services[kind],
    hasQube: (name) => names.includes(name),
    policy: () => policy,
    policyQubes: () => qubes,
    qubeAddresses: (qube) => (qube === 'work' ? { ip4: '10.137.0.5', ip6: '' } : { ip4: '', ip6: '' }),
    usbAssignments: new UsbAssignments(join(stateDir, 'usb-assignments.json')),
    usb,
    block: new RecordingBlockAttacher(),
    firewallRules: new FirewallRulesStore(join(stateDir, 'firewall-rules.json')),
  };
}
