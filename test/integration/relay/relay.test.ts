/**
 * dom0's relay against real parts: real dbus-daemons as the qubes' buses,
 * the compiled sys-net and GUI agents (and a fake agent that misbehaves on
 * demand) "inside" domains of a simulated Xen host, each behind the
 * simulated vchan-socket-proxy server, and the relay connecting through
 * simulated client proxies of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clipboardCopyCommand, clipboardPasteCommand } from '../../../services/commands/table/cmd-clipboard.js';
import { netStatusCommand, netWifiListCommand } from '../../../services/commands/table/cmd-net.js';
import { notifyListCommand } from '../../../services/commands/table/cmd-notify.js';
import { watchNotifications, type TaggedNotification } from '../../../services/relay/notification-feed.js';
import { CommandError, type Caller, type ParsedArgs } from '../../../services/commands/command-spec.js';
import { QTUI_NETWORK } from '../../../services/dbus-protocol/index.js';
import { decodeInterfaces } from '../../../services/relay/reply-decoders.js';
import type { RelayContext } from '../../../services/relay/relay-context.js';
import { RelayError } from '../../../services/relay/relay-error.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import {
  createDomain,
  FakeNetworkAgent,
  policyFolder,
  QubeBus,
  qubeTable,
  RELAY_TEST_POLICY,
  startAgent,
  startRelay,
  testContext,
  waitFor,
  type AgentChild,
  type RelayUnderTest,
} from './relay-fixture.js';

const QUBES = ['sys-net', 'sys-gui', 'sys-fake', 'work', 'personal'];
const caller: Caller = { role: 'operator', identity: 'test', origin: 'test' };

let host: SimXenHost;
let policyDir: string;
let r: RelayUnderTest;
let ctx: RelayContext;
const agents: AgentChild[] = [];
const buses: QubeBus[] = [];
let fake: FakeNetworkAgent;
let fakeBus: QubeBus;
let guiBus: QubeBus;
let netDomid: number;

function pidsMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function args(positional: ParsedArgs['positional'] = {}): ParsedArgs {
  return { positional, options: {} };
}

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
  const { policy, dir } = policyFolder(RELAY_TEST_POLICY);
  policyDir = dir;
  const qubes = qubeTable(QUBES);
  r = startRelay(host, policy, qubes);

  const net = await createDomain(host, 'sys-net');
  netDomid = net.domid;
  const netBus = new QubeBus(net.folder);
  buses.push(netBus);
  await netBus.start();
  agents.push(await startAgent(host, net.domid, 'sys-net', 'netvm/netvm-agent-main.js', netBus, ['--simulated-wifi']));

  const gui = await createDomain(host, 'sys-gui');
  guiBus = new QubeBus(gui.folder);
  buses.push(guiBus);
  await guiBus.start();
  agents.push(await startAgent(host, gui.domid, 'sys-gui', 'guivm/guivm-agent-main.js', guiBus));

  const f = await createDomain(host, 'sys-fake');
  fakeBus = new QubeBus(f.folder);
  buses.push(fakeBus);
  await fakeBus.start();
  fake = new FakeNetworkAgent(host, f.domid, fakeBus);
  await fake.start();

  r.relay.qubeStarted('sys-net', net.domid);
  r.relay.qubeStarted('sys-gui', gui.domid);
  r.relay.qubeStarted('sys-fake', f.domid);
  for (const q of ['sys-net', 'sys-gui', 'sys-fake']) await waitFor(`${q} link up`, () => r.relay.status(q).state === 'up');

  ctx = testContext(r.relay, policy, qubes, QUBES, { network: 'sys-net', gui: 'sys-gui' }, dir);

}, 120_000);

afterAll(async () => {
  await r?.cleanup();
  await fake?.stop();
  for (const a of agents) await a.stop();
  for (const b of buses) await b.kill();
  await host?.teardown();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

describe('the relay', () => {
  it('net-status returns sys-net’s interfaces, read by the real agent', async () => {
    const result = await netStatusCommand.handler(ctx, args(), caller);
    const data = result.data as { qube: string; interfaces: { name: string; kind: string }[] };
    expect(data.qube).toBe('sys-net');
    expect(data.interfaces.find((i) => i.name === 'lo')?.kind).toBe('loopback');
    expect(result.text).toMatch(/^lo\s+loopback/m);
  });

  it('net-wifi-list says the networks are simulated', async () => {
    const result = await netWifiListCommand.handler(ctx, args(), caller);
    expect((result.data as { simulated: boolean }).simulated).toBe(true);
    expect(result.text).toMatch(/^\(simulated networks\)\n/);
  });

  it('refuses and logs a call the policy denies, without sending it', async () => {
    const before = r.audits.length;
    const err = await r.relay.call('sys-net', QTUI_NETWORK, 'Routes', [], () => null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RelayError);
    expect((err as RelayError).kind).toBe('denied');
    expect((err as RelayError).message).toContain('org.qtui.Network1.Routes');
    expect(r.audits.slice(before)).toEqual([expect.objectContaining({ event: 'dbus-denied', qube: 'sys-net', interface: 'org.qtui.Network1', member: 'Routes', direction: 'call' })]);
    // A qube the policy names nowhere gets nothing either.
    const other = await r.relay.call('sys-gui', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces).catch((e: unknown) => e);
    expect((other as RelayError).kind).toBe('denied');
  });

  it('rejects a reply with control characters, one over the size limit, and one of the wrong signature', async () => {
    for (const [mode, why] of [
      ['garbage', 'bad name'],
      ['oversized', 'larger than'],
      ['wrong-signature', 'signature "s"'],
    ] as const) {
      fake.mode = mode;
      const err = await r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces).catch((e: unknown) => e);
      expect(err, mode).toBeInstanceOf(RelayError);
      expect((err as RelayError).kind, mode).toBe('invalid-reply');
      expect((err as RelayError).message, mode).toContain(why);
      expect(r.audits.at(-1), mode).toMatchObject({ event: 'dbus-invalid', qube: 'sys-fake', member: 'Interfaces' });
    }
    fake.mode = 'ok';
    expect(await r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces)).toEqual([expect.objectContaining({ name: 'lo' })]);
  });

  it('a message far over the limit ends the connection before it is buffered; the link comes back', async () => {
    fake.mode = 'huge';
    const err = await r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces).catch((e: unknown) => e);
    expect((err as RelayError).kind).toBe('down');
    expect((err as RelayError).message).toMatch(/over the limit/);
    fake.mode = 'ok';
    await waitFor('the link to come back', () => r.relay.status('sys-fake').state === 'up');
    expect(await r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces)).toEqual([expect.objectContaining({ name: 'lo' })]);
  });

  it('a qube bus killed mid-call fails the call clearly; the relay reconnects once it is back', async () => {
    fake.mode = 'slow';
    const pending = r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces).catch((e: unknown) => e);
    await new Promise((res) => setTimeout(res, 300));
    await fakeBus.kill();
    await fake.stop();
    const err = await pending;
    expect(err).toBeInstanceOf(RelayError);
    // Failed as soon as the link noticed, not by the call's 3 s time limit.
    expect((err as RelayError).kind).toBe('down');
    expect((err as RelayError).message).toMatch(/^sys-fake: org\.qtui\.Network1\.Interfaces got no answer: connection lost/);
    await waitFor('the link to notice', () => r.relay.status('sys-fake').state !== 'up');
    // While the qube's bus is gone, calls fail at once instead of waiting.
    const down = await r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces).catch((e: unknown) => e);
    expect((down as RelayError).kind).toBe('down');
    // Other qubes are not affected.
    expect((await netStatusCommand.handler(ctx, args(), caller)).data).toMatchObject({ qube: 'sys-net' });

    fake.mode = 'ok';
    await fakeBus.start();
    await fake.start();
    await waitFor('the link to come back', () => r.relay.status('sys-fake').state === 'up', 20_000);
    expect(await r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces)).toEqual([expect.objectContaining({ name: 'lo' })]);
  }, 40_000);

  it('restarts its own vchan proxy when that dies, and reconnects', async () => {
    const socket = join(r.runtimeDir, 'relay-sys-net.sock');
    const [proxy] = pidsMentioning(socket);
    expect(proxy).toBeDefined();
    process.kill(proxy ?? 0, 'SIGKILL');
    await waitFor('the link to notice', () => r.relay.status('sys-net').state !== 'up');
    await waitFor('the link to come back', () => r.relay.status('sys-net').state === 'up');
    expect(pidsMentioning(socket)).not.toContain(proxy);
    expect((await netStatusCommand.handler(ctx, args(), caller)).data).toMatchObject({ qube: 'sys-net' });
  });

  it('notify-list shows a notification sent with notify-send inside the GUI qube, tagged with its name and sanitized; it also arrives live', async () => {
    const live: TaggedNotification[] = [];
    const unsubscribe = watchNotifications(r.relay, (n) => live.push(n));
    await new Promise((res) => setTimeout(res, 200)); // the match reaches the qube's bus
    await new Promise<void>((resolve, reject) =>
      execFile('notify-send', ['-a', 'mail', 'New mail', 'from \x1b[31mbob'], { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: guiBus.address } }, (e) => (e ? reject(e) : resolve())),
    );
    const result = await notifyListCommand.handler(ctx, args(), caller);
    const list = result.data as TaggedNotification[];
    expect(list.at(-1)).toMatchObject({ qube: 'sys-gui', appName: 'mail', summary: 'New mail', body: 'from \ufffd[31mbob' });
    expect(result.text).toContain('[sys-gui] mail: New mail');
    expect(result.text).not.toContain('\x1b');
    await waitFor('the live notification', () => live.length > 0, 5_000);
    unsubscribe();
    expect(live).toEqual([expect.objectContaining({ qube: 'sys-gui', summary: 'New mail', body: 'from \ufffd[31mbob' })]);
  });

  it('clipboard: copy from a qube, paste where the policy allows, once; refused elsewhere', async () => {
    await clipboardCopyCommand.handler(ctx, args({ qube: 'work', text: 'secret' }), caller);
    const refused = await clipboardPasteCommand.handler(ctx, args({ qube: 'sys-net' }), caller).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommandError);
    expect((refused as CommandError).code).toBe('denied');
    const pasted = await clipboardPasteCommand.handler(ctx, args({ qube: 'personal' }), caller);
    expect(pasted.data).toEqual({ source: 'work', target: 'personal', text: 'secret' });
    const again = await clipboardPasteCommand.handler(ctx, args({ qube: 'personal' }), caller).catch((e: unknown) => e);
    expect((again as CommandError).message).toContain('empty');
  });

  it('a repeated start of the same qube replaces its link cleanly', async () => {
    r.relay.qubeStarted('sys-net', netDomid);
    r.relay.qubeStarted('sys-net', netDomid);
    await waitFor('the new link up', () => r.relay.status('sys-net').state === 'up');
    expect((await netStatusCommand.handler(ctx, args(), caller)).data).toMatchObject({ qube: 'sys-net' });
  });

  it('closes a link when its qube stops', async () => {
    await r.relay.qubeStopped('sys-fake');
    expect(r.relay.status('sys-fake').state).toBe('closed');
    const err = await r.relay.call('sys-fake', QTUI_NETWORK, 'Interfaces', [], decodeInterfaces).catch((e: unknown) => e);
    expect((err as RelayError).kind).toBe('down');
  });
});
