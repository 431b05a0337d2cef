/**
 * The firewall and USB commands through the relay: the real sys-firewall
 * agent (nft off) run inside a simulated domain, and sys-usb's real USB
 * service reading a simulated sysfs tree that the test plugs devices into,
 * each behind the simulated vchan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { firewallAddCommand, firewallDelCommand, firewallListCommand, firewallResetCommand } from '../../../services/commands/table/cmd-firewall.js';
import { attachAssignedDevices, usbAssignCommand, usbAttachCommand, usbLsCommand } from '../../../services/commands/table/cmd-usb.js';
import { CommandError, type Caller, type ParsedArgs } from '../../../services/commands/command-spec.js';
import { decodeUsbDevice, QTUI_FIREWALL, QTUI_USB, type UsbDevice } from '../../../services/dbus-protocol/index.js';
import { pushFirewallRules } from '../../../services/relay/firewall-rules-store.js';
import { ServiceRelay } from '../../../services/relay/service-relay.js';
import type { RelayContext } from '../../../services/relay/relay-context.js';
import { startUsbService } from '../../../usbvm/usb-service.js';
import { decodeRuleTexts, decodeUsbDevices } from '../../../services/relay/reply-decoders.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { UsbTree } from '../agents/usb-tree.js';
import {
  createDomain,
  InProcessAgent,
  policyFolder,
  QubeBus,
  qubeTable,
  RecordingUsbAttacher,
  RELAY_TEST_POLICY,
  startAgent,
  startRelay,
  testContext,
  waitFor,
  type AgentChild,
  type RelayUnderTest,
} from './relay-fixture.js';

const QUBES = ['sys-firewall', 'sys-usb', 'sys-quiet', 'work'];
const caller: Caller = { role: 'operator', identity: 'test', origin: 'test' };

let host: SimXenHost;
let policyDir: string;
let r: RelayUnderTest;
let ctx: RelayContext;
let firewallAgent: AgentChild;
let usbAgent: InProcessAgent;
const attacher = new RecordingUsbAttacher();
const tree = new UsbTree();
const buses: QubeBus[] = [];

function args(positional: ParsedArgs['positional'] = {}, options: ParsedArgs['options'] = {}): ParsedArgs {
  return { positional, options };
}

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
  const { policy, dir } = policyFolder(RELAY_TEST_POLICY);
  policyDir = dir;
  const qubes = qubeTable(QUBES);
  r = startRelay(host, policy, qubes);
  ctx = testContext(r.relay, policy, qubes, QUBES, { firewall: 'sys-firewall', usb: 'sys-usb' }, dir, attacher);

  const fw = await createDomain(host, 'sys-firewall');
  const fwBus = new QubeBus(fw.folder);
  buses.push(fwBus);
  await fwBus.start();
  firewallAgent = await startAgent(host, fw.domid, 'sys-firewall', 'netvm/netvm-agent-main.js', fwBus, ['--no-network', '--firewall', '--nft', 'off', '--dns', '10.139.1.1']);

  const usb = await createDomain(host, 'sys-usb');
  const usbBus = new QubeBus(usb.folder);
  buses.push(usbBus);
  await usbBus.start();
  usbAgent = new InProcessAgent(host, usb.domid, 'sys-usb', usbBus, async (bus) => {
    const service = await startUsbService(bus, { sysfsRoot: tree.root, pollMs: 100 });
    return () => service.stop();
  });
  await usbAgent.start();

  r.relay.qubeStarted('sys-firewall', fw.domid);
  r.relay.qubeStarted('sys-usb', usb.domid);
  for (const q of ['sys-firewall', 'sys-usb']) await waitFor(`${q} link up`, () => r.relay.status(q).state === 'up');
}, 120_000);

afterAll(async () => {
  await r?.cleanup();
  await usbAgent?.stop();
  await firewallAgent?.stop();
  for (const b of buses) await b.kill();
  await host?.teardown();
  tree.remove();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

describe('link status', () => {
  it('a running qube whose agent never answers is reported silent, and calls to it fail as down rather than wait', async () => {
    const quiet = await createDomain(host, 'sys-quiet');
    r.relay.qubeStarted('sys-quiet', quiet.domid);
    expect(r.relay.status('sys-quiet').state).toBe('connecting');
    await waitFor('the link to give up on this attempt', () => r.relay.status('sys-quiet').state === 'silent', 10_000);
    expect(r.relay.status('sys-quiet').detail).toMatch(/no D-Bus answer from sys-quiet within 4000 ms; retrying in \d+ ms/);
    const err = await r.relay.call('sys-quiet', QTUI_USB, 'List', [], decodeUsbDevices).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'down' });
    expect((err as Error).message).toMatch(/^sys-quiet: no D-Bus answer/);
    await r.relay.qubeStopped('sys-quiet');
    expect(r.relay.status('sys-quiet').state).toBe('closed');
  }, 20_000);

  it('a missing vchan-socket-proxy makes the link down with the reason, and retried', async () => {
    const states: string[] = [];
    const relay = new ServiceRelay({
      runtimeDir: r.runtimeDir,
      env: { ...host.env, QTUI_VCHAN_SOCKET_PROXY: join(r.runtimeDir, 'no-such-proxy') },
      policy: () => ctx.policy(),
      qubes: () => ctx.policyQubes(),
      audit: () => undefined,
      connectTimeoutMs: 2_000,
      backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 10_000 },
      onStatus: (_qube, s) => states.push(s.state),
    });
    try {
      relay.qubeStarted('sys-usb', 99);
      await waitFor('the link to fail', () => relay.status('sys-usb').state === 'down', 5_000);
      expect(relay.status('sys-usb').detail).toMatch(/cannot run .*no-such-proxy/);
      await waitFor('a retry to fail too', () => states.filter((st) => st === 'down').length >= 2, 5_000);
      expect(states.slice(0, 4)).toEqual(['connecting', 'down', 'connecting', 'down']);
    } finally {
      await relay.close();
    }
  });

  it('opens no link once closed: a service qube that comes up while the daemon stops leaves no proxy behind', async () => {
    const states: string[] = [];
    const relay = new ServiceRelay({
      runtimeDir: r.runtimeDir,
      env: host.env,
      policy: () => ctx.policy(),
      qubes: () => ctx.policyQubes(),
      audit: () => undefined,
      onStatus: (_qube, s) => states.push(s.state),
    });
    await relay.close();
    relay.qubeStarted('sys-usb', 99);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([relay.qubes(), states, relay.status('sys-usb').state]).toEqual([[], [], 'closed']);
    expect(existsSync(join(r.runtimeDir, 'relay-sys-usb.sock'))).toBe(false);
  });
});

describe('firewall commands', () => {
  it('add, list, del and reset, checked by the sys-firewall agent and kept in dom0', async () => {
    expect((await firewallListCommand.handler(ctx, args({ qube: 'work' }), caller)).data).toEqual({ qube: 'work', rules: null });
    await firewallAddCommand.handler(ctx, args({ qube: 'work', rule: ['action=accept', 'dsthost=10.0.0.0/8', 'proto=tcp', 'dstports=443'] }), caller);
    await firewallAddCommand.handler(ctx, args({ qube: 'work', rule: ['action=accept', 'specialtarget=dns'] }), caller);
    const listed = await firewallListCommand.handler(ctx, args({ qube: 'work' }), caller);
    expect((listed.data as { rules: string[] }).rules).toHaveLength(2);
    expect(listed.text).toMatch(/^ {2}0 {2}action=accept dsthost=10\.0\.0\.0\/8 proto=tcp dstports=443\n/);
    expect(listed.text).toContain('(anything else: drop)');

    // The agent is the judge of rule syntax; a refused rule is not kept.
    const bad = await firewallAddCommand.handler(ctx, args({ qube: 'work', rule: ['action=maybe'] }), caller).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CommandError);
    expect((bad as CommandError).message).toMatch(/InvalidArgs/);
    expect(ctx.firewallRules.get('work')).toHaveLength(2);

    await firewallDelCommand.handler(ctx, args({ qube: 'work', number: 0 }), caller);
    expect(ctx.firewallRules.get('work')).toEqual(['action=accept specialtarget=dns']);
    const missing = await firewallDelCommand.handler(ctx, args({ qube: 'work', number: 5 }), caller).catch((e: unknown) => e);
    expect((missing as CommandError).code).toBe('not-found');

    await firewallResetCommand.handler(ctx, args({ qube: 'work' }), caller);
    expect(ctx.firewallRules.get('work')).toEqual(['action=accept']);
  });

  it('drops and logs a signal the policy does not let through (sys-firewall → dom0 RulesetChanged)', async () => {
    const received: unknown[] = [];
    const unsubscribe = r.relay.onSignal(QTUI_FIREWALL, 'RulesetChanged', (body) => body, (_qube, body) => received.push(body));
    await new Promise((res) => setTimeout(res, 200)); // the match reaches the qube's bus
    const before = r.audits.length;
    await firewallAddCommand.handler(ctx, args({ qube: 'work', rule: ['action=drop', 'proto=udp'] }), caller);
    await waitFor('the refused signal in the audit', () => r.audits.slice(before).some((a) => a.direction === 'signal'), 5_000);
    unsubscribe();
    expect(r.audits.slice(before)).toContainEqual(expect.objectContaining({ event: 'dbus-denied', qube: 'sys-firewall', interface: 'org.qtui.Firewall1', member: 'RulesetChanged', direction: 'signal' }));
    expect(received).toEqual([]);
  });

  it('pushes dom0’s rules to sys-firewall again (as when its link comes up)', async () => {
    await ctx.firewallRules.set('work', ['action=drop proto=icmp']);
    const pushed = await pushFirewallRules(r.relay, 'sys-firewall', ctx.firewallRules, ctx.qubeAddresses);
    expect(pushed.failed).toEqual([]);
    expect(await r.relay.call('sys-firewall', QTUI_FIREWALL, 'GetRules', ['work'], decodeRuleTexts)).toEqual(['action=drop proto=icmp']);
  });
});

describe('usb commands', () => {
  it('a device plugged into sys-usb shows in usb ls and arrives as a checked Added signal', async () => {
    const added: UsbDevice[] = [];
    const unsubscribe = r.relay.onSignal(QTUI_USB, 'Added', (body) => decodeUsbDevice(body[0]), (qube, d) => {
      if (qube === 'sys-usb') added.push(d);
    });
    await new Promise((res) => setTimeout(res, 200)); // the match reaches the qube's bus
    tree.plug({ port: '1-1', bus: 1, device: 4, vendorId: '0781', productId: '5581', manufacturer: 'SanDisk', product: 'Ultra\x1b[2J', serial: 'ABC123', interfaceClasses: ['08'] });
    await waitFor('the Added signal', () => added.length > 0, 5_000);
    unsubscribe();
    expect(added[0]).toMatchObject({ port: '1-1', vendorId: '0781' });
    const ls = await usbLsCommand.handler(ctx, args(), caller);
    expect(ls.data).toEqual([expect.objectContaining({ backend: 'sys-usb', port: '1-1', id: '0781:5581:ABC123', assignedTo: null })]);
    expect(ls.text).not.toContain('\x1b');
  });

  it('attach goes to the daemon’s attacher with sys-usb as the backend; an unknown device is refused', async () => {
    await usbAttachCommand.handler(ctx, args({ qube: 'work', device: '1-1' }), caller);
    expect(attacher.calls.at(-1)).toBe('attach work sys-usb:1-1');
    const missing = await usbAttachCommand.handler(ctx, args({ qube: 'work', device: '3-9' }), caller).catch((e: unknown) => e);
    expect((missing as CommandError).code).toBe('not-found');
    const bad = await usbAttachCommand.handler(ctx, args({ qube: 'work', device: '../x' }), caller).catch((e: unknown) => e);
    expect((bad as CommandError).code).toBe('usage');
  });

  it('usb assign keeps the device’s id; it is attached when the qube starts', async () => {
    await usbAssignCommand.handler(ctx, args({ qube: 'work', device: '1-1' }), caller);
    expect(ctx.usbAssignments.assignedDevices('work')).toEqual(['0781:5581:ABC123']);
    attacher.calls.length = 0;
    expect(await attachAssignedDevices(ctx, 'work')).toEqual({ attached: ['0781:5581:ABC123'], failed: [] });
    expect(attacher.calls).toEqual(['attach work sys-usb:1-1']);
    tree.unplug('1-1');
    await new Promise((res) => setTimeout(res, 300));
    expect((await attachAssignedDevices(ctx, 'work')).failed).toEqual(['0781:5581:ABC123: not plugged in']);
    await usbAssignCommand.handler(ctx, args({ qube: 'work', device: '0781:5581:ABC123' }, { remove: true }), caller);
    expect(ctx.usbAssignments.assignedDevices('work')).toEqual([]);
  });
});
