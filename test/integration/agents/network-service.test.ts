/**
 * org.qtui.Network1 on a real private dbus-daemon: it reports this
 * machine's real interfaces and routes (compared with what `ip -j` and
 * /sys/class/net say, read here independently), a simulated Wi-Fi list
 * marked simulated, and InterfacesChanged when an interface appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBusError, type ClientInterface, type MessageBus } from 'dbus-next';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDbusDaemon, type DbusDaemon } from '../../support/dbus-daemon.js';
import { startNetworkService, type NetworkService } from '../../../netvm/network-service.js';
import { NetworkManagerWifiLink } from '../../../netvm/nm-wifi-link.js';
import { connectBus, decodeNetInterface, decodeNetRoute, decodeWifiNetwork, QTUI_ERRORS, QTUI_NETWORK, type NetInterface } from '../../../services/dbus-protocol/index.js';
import { call, introspect, ownInterfaces, run } from './dbus-clients.js';
import { SignalLog } from './signal-log.js';

let daemon: DbusDaemon;
let serverBus: MessageBus;
let clientBus: MessageBus;
let service: NetworkService;
let net: ClientInterface;

beforeAll(async () => {
  daemon = await startDbusDaemon();
  serverBus = await connectBus(daemon.address);
  service = await startNetworkService(serverBus, { wifi: 'simulated' });
  clientBus = await connectBus(daemon.address);
  net = (await clientBus.getProxyObject(QTUI_NETWORK.busName, QTUI_NETWORK.objectPath)).getInterface(QTUI_NETWORK.spec.name);
});

afterAll(async () => {
  await service?.stop();
  clientBus?.disconnect();
  serverBus?.disconnect();
  await daemon?.stop();
});

function decodeAll<T>(raw: unknown, decode: (v: unknown) => T | string): T[] {
  if (!Array.isArray(raw)) throw new Error('not an array');
  return raw.map((v: unknown) => {
    const d = decode(v);
    if (typeof d === 'string') throw new Error(d);
    return d;
  });
}

async function ipJson(args: string[]): Promise<Record<string, unknown>[]> {
  const r = await run('ip', ['-j', ...args]);
  if (r.code !== 0) throw new Error(`ip -j ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

describe('org.qtui.Network1', () => {
  it('introspects as specified', async () => {
    expect(ownInterfaces(await introspect(daemon.address, QTUI_NETWORK.busName, QTUI_NETWORK.objectPath))).toEqual({
      'org.qtui.Network1': {
        methods: {
          Interfaces: { in: '', out: 'a(ssssuastt)' },
          Routes: { in: '', out: 'a(ysssu)' },
          WifiNetworks: { in: '', out: 'ba(ssys)' },
          Connect: { in: 'ss', out: '' },
          Disconnect: { in: '', out: '' },
          WifiConnection: { in: '', out: 'bs' },
        },
        signals: { InterfacesChanged: 'a(ssssuastt)' },
      },
    });
  });

  it("reports this machine's interfaces with the addresses ip shows", async () => {
    const ifaces = decodeAll(await call(net, 'Interfaces'), decodeNetInterface);
    expect(ifaces.map((i) => i.name)).toEqual(readdirSync('/sys/class/net').sort());
    const links = await ipJson(['addr', 'show']);
    for (const link of links) {
      const mine = ifaces.find((i) => i.name === link.ifname);
      expect(mine, String(link.ifname)).toBeDefined();
      const expected = ((link.addr_info as { local: string; prefixlen: number }[] | undefined) ?? []).map((a) => `${a.local}/${a.prefixlen}`);
      expect(mine?.addresses).toEqual(expected);
      expect(mine?.mtu).toBe(link.mtu);
    }
    const lo = ifaces.find((i) => i.name === 'lo');
    expect(lo?.kind).toBe('loopback');
  });

  it('reports the routes of both families that ip shows', async () => {
    const routes = decodeAll(await call(net, 'Routes'), decodeNetRoute);
    const tuple = (family: number) => (r: Record<string, unknown>) => [family, r.dst, r.gateway ?? '', r.dev];
    const expected = [...(await ipJson(['route', 'show'])).map(tuple(4)), ...(await ipJson(['-6', 'route', 'show'])).map(tuple(6))];
    expect(routes.map((r) => [r.family, r.destination, r.gateway, r.device])).toEqual(expected);
  });

  it('lists the simulated Wi-Fi networks marked simulated', async () => {
    const [simulated, list] = (await call(net, 'WifiNetworks')) as [unknown, unknown];
    expect(simulated).toBe(true);
    const networks = decodeAll(list, decodeWifiNetwork);
    expect(networks.length).toBeGreaterThan(0);
    expect(networks.every((n) => n.ssid.startsWith('qtui-sim-'))).toBe(true);
  });

  it('joins a simulated network with its passphrase, and refuses an unknown one or a wrong passphrase by name', async () => {
    const failure = (args: unknown[]): Promise<string> =>
      call(net, 'Connect', ...args).then(
        () => 'no error',
        (e: unknown) => (e instanceof DBusError ? e.type : String(e)),
      );
    expect(await call(net, 'WifiConnection')).toEqual([true, '']);
    expect(await failure(['qtui-sim-nowhere', ''])).toBe(QTUI_ERRORS.UnknownNetwork);
    expect(await failure(['qtui-sim-home', 'wrong-passphrase'])).toBe(QTUI_ERRORS.AuthFailed);
    expect(await failure(['qtui-sim-home', 'short'])).toBe(QTUI_ERRORS.InvalidArgs);
    expect(await call(net, 'WifiConnection')).toEqual([true, '']);
    await call(net, 'Connect', 'qtui-sim-home', 'qtui-sim-home-pass');
    expect(await call(net, 'WifiConnection')).toEqual([true, 'qtui-sim-home']);
    await call(net, 'Disconnect');
    expect(await call(net, 'WifiConnection')).toEqual([true, '']);
  });
});

describe('org.qtui.Network1 without a Wi-Fi source, on a sysfs tree that changes', () => {
  // Its own bus, so the name org.qtui.Network1 is free for this service.
  let daemon2: DbusDaemon;
  let root: string;
  let bus: MessageBus;
  let clientBus2: MessageBus;
  let svc: NetworkService;
  let client: ClientInterface;
  let signals: SignalLog;

  function addInterface(name: string, state: string): void {
    mkdirSync(join(root, name, 'device'), { recursive: true });
    writeFileSync(join(root, name, 'type'), '1\n');
    writeFileSync(join(root, name, 'operstate'), `${state}\n`);
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'qtui-sysfs-'));
    addInterface('qtuitest0', 'up');
    daemon2 = await startDbusDaemon();
    bus = await connectBus(daemon2.address);
    svc = await startNetworkService(bus, { wifi: 'none', sysfsRoot: root, pollMs: 50, wifiLink: new NetworkManagerWifiLink(`unix:path=${join(root, 'no-system-bus')}`) });
    clientBus2 = await connectBus(daemon2.address);
    client = (await clientBus2.getProxyObject(QTUI_NETWORK.busName, QTUI_NETWORK.objectPath)).getInterface(QTUI_NETWORK.spec.name);
    signals = new SignalLog(client, ['InterfacesChanged']);
    // A round trip after subscribing: the bus has the match rule before anything changes.
    await call(client, 'Routes');
  });

  afterAll(async () => {
    await svc?.stop();
    clientBus2?.disconnect();
    bus?.disconnect();
    await daemon2?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers WifiNetworks with org.qtui.Error.NotSupported where no NetworkManager answers on the system bus', async () => {
    const err: unknown = await call(client, 'WifiNetworks').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DBusError);
    expect((err as DBusError).type).toBe(QTUI_ERRORS.NotSupported);
  });

  it('emits InterfacesChanged when an interface appears or changes state', async () => {
    const names = (args: unknown[]): string[] => decodeAll(args[0], decodeNetInterface).map((i: NetInterface) => `${i.name}:${i.state}`);
    addInterface('qtuitest1', 'down');
    const first = await signals.waitFor('InterfacesChanged', (a) => names(a).includes('qtuitest1:down'));
    expect(names(first)).toEqual(['qtuitest0:up', 'qtuitest1:down']);
    writeFileSync(join(root, 'qtuitest1', 'operstate'), 'up\n');
    const second = await signals.waitFor('InterfacesChanged', (a) => names(a).includes('qtuitest1:up'));
    expect(names(second)).toEqual(['qtuitest0:up', 'qtuitest1:up']);
  });
});
