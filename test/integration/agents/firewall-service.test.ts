/**
 * org.qtui.Firewall1 on a real private dbus-daemon, compiling with the real
 * system resolver and checking every ruleset with the real `nft -c` (it
 * never applies one to this machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBusError, type ClientInterface, type MessageBus } from 'dbus-next';
import { startDbusDaemon, type DbusDaemon } from '../../support/dbus-daemon.js';
import { startFirewallService, type FirewallService } from '../../../netvm/firewall-service.js';
import { connectBus, QTUI_ERRORS, QTUI_FIREWALL } from '../../../services/dbus-protocol/index.js';
import { call, introspect, ownInterfaces } from './dbus-clients.js';
import { SignalLog } from './signal-log.js';

let daemon: DbusDaemon;
let serverBus: MessageBus;
let clientBus: MessageBus;
let service: FirewallService;
let fw: ClientInterface;
let signals: SignalLog;

beforeAll(async () => {
  daemon = await startDbusDaemon();
  serverBus = await connectBus(daemon.address);
  service = await startFirewallService(serverBus, { nft: 'check', dnsServers: ['10.139.1.1', '10.139.1.2'] });
  clientBus = await connectBus(daemon.address);
  fw = (await clientBus.getProxyObject(QTUI_FIREWALL.busName, QTUI_FIREWALL.objectPath)).getInterface(QTUI_FIREWALL.spec.name);
  signals = new SignalLog(fw, ['RulesetChanged']);
  await call(fw, 'ListQubes');
});

afterAll(async () => {
  await service?.stop();
  clientBus?.disconnect();
  serverBus?.disconnect();
  await daemon?.stop();
});

async function dbusError(p: Promise<unknown>): Promise<DBusError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DBusError)) throw new Error(`expected a D-Bus error, got ${String(e)}`);
  return e;
}

describe('org.qtui.Firewall1', () => {
  it('introspects as specified', async () => {
    expect(ownInterfaces(await introspect(daemon.address, QTUI_FIREWALL.busName, QTUI_FIREWALL.objectPath))).toEqual({
      'org.qtui.Firewall1': {
        methods: {
          SetRules: { in: 'sssas', out: 'as' },
          RemoveQube: { in: 's', out: '' },
          GetRules: { in: 's', out: 'as' },
          ListQubes: { in: '', out: 'as' },
          Ruleset: { in: '', out: 's' },
          State: { in: '', out: 'ss' },
        },
        signals: { RulesetChanged: 'ss' },
      },
    });
  });

  it('compiles a qube’s rules with dns and a resolved host, and nft -c accepts them', async () => {
    const warnings = await call(fw, 'SetRules', 'work', '10.137.0.5', 'fd09:24ef:4179::a89:5', [
      'action=accept specialtarget=dns',
      'action=accept dsthost=localhost proto=tcp dstports=443',
      'action=drop proto=icmp',
    ]);
    expect(warnings).toEqual([]);
    expect(await call(fw, 'State')).toEqual(['checked', '']);
    const ruleset = (await call(fw, 'Ruleset')) as string;
    expect(ruleset).toContain('\t\tip saddr 10.137.0.5 jump qbs-work\n\t\tip6 saddr fd09:24ef:4179::a89:5 jump qbs-work\n');
    expect(ruleset).toContain('\t\tip daddr { 10.139.1.1, 10.139.1.2 } meta l4proto { tcp, udp } th dport 53 accept\n');
    expect(ruleset).toContain('\t\tip daddr 127.0.0.1 tcp dport 443 accept\n');
    expect(await signals.waitFor('RulesetChanged')).toEqual(['checked', '']);
    expect(await call(fw, 'GetRules', 'work')).toEqual(['action=accept specialtarget=dns', 'action=accept dsthost=localhost proto=tcp dstports=443', 'action=drop proto=icmp']);
  });

  it('refuses a malformed rule, naming it, and keeps the previous rules', async () => {
    await call(fw, 'SetRules', 'mail', '10.137.0.7', '', ['action=accept proto=tcp dstports=993']);
    const err = await dbusError(call(fw, 'SetRules', 'mail', '10.137.0.7', '', ['action=accept', 'action=accept dstports=80']));
    expect(err.type).toBe(QTUI_ERRORS.InvalidArgs);
    expect(err.text).toBe('rule 2: dstports needs proto=tcp or proto=udp');
    expect(await call(fw, 'GetRules', 'mail')).toEqual(['action=accept proto=tcp dstports=993']);
  });

  it.each([
    [['bad name!', '10.137.0.9', ''], 'not a downstream qube name'],
    [['dom0', '10.137.0.9', ''], 'not a downstream qube name'],
    [['q', '', ''], 'needs an address'],
    [['q', '10.137.0.300', ''], 'is not an IPv4 address'],
  ])('refuses bad qube arguments %j', async (args, message) => {
    const err = await dbusError(call(fw, 'SetRules', ...args, ['action=accept']));
    expect(err.type).toBe(QTUI_ERRORS.InvalidArgs);
    expect(err.text).toContain(message);
  });

  it('a host that does not resolve blocks that qube and says so', async () => {
    const warnings = await call(fw, 'SetRules', 'vault', '10.137.0.9', '', ['action=accept dsthost=nowhere.invalid']);
    expect(warnings).toEqual(['vault: host nowhere.invalid did not resolve; blocking all its traffic']);
    const ruleset = (await call(fw, 'Ruleset')) as string;
    expect(ruleset).toContain('\tchain qbs-vault {\n\t\treject with icmpx type admin-prohibited\n\t}');
    const [state, message] = (await call(fw, 'State')) as [string, string];
    expect(state).toBe('checked');
    expect(message).toContain('vault: host nowhere.invalid did not resolve');
  });

  it('an expiring rule is dropped by a recompile when it expires', async () => {
    const expire = Math.floor(Date.now() / 1000) + 1;
    await call(fw, 'SetRules', 'temp', '10.137.0.11', '', [`action=accept proto=tcp dstports=8080 expire=${expire}`]);
    expect(await call(fw, 'Ruleset')).toContain('tcp dport 8080 accept');
    const before = signals.count('RulesetChanged');
    // The agent recompiles on its own; wait for a compile after the expiry.
    for (let i = 0; i < 100 && signals.count('RulesetChanged') === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(signals.count('RulesetChanged')).toBeGreaterThan(before);
    const ruleset = (await call(fw, 'Ruleset')) as string;
    expect(ruleset).toContain('\tchain qbs-temp {\n\t\treject with icmpx type admin-prohibited\n\t}');
  });

  it('lists and removes qubes', async () => {
    expect(await call(fw, 'ListQubes')).toEqual(['mail', 'temp', 'vault', 'work']);
    await call(fw, 'RemoveQube', 'temp');
    expect(await call(fw, 'ListQubes')).toEqual(['mail', 'vault', 'work']);
    expect(await call(fw, 'Ruleset')).not.toContain('qbs-temp');
    const err = await dbusError(call(fw, 'GetRules', 'temp'));
    expect(err.type).toBe(QTUI_ERRORS.InvalidArgs);
  });
});
