// Runs in the lab's dom0 (npm run test:xen): dom0's D-Bus connection, made
// with the same code the relay uses, carried by Xen's real vchan-socket-proxy
// to the dbus-daemon of a PV guest (the lab's vchan kit: xenlab-vchan.cfg runs
// a dbus-daemon and a vchan server in the guest; xenlab-vchan-client runs the
// dom0 end of the proxy and listens on a unix socket).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { MessageBus } from 'dbus-next';
import { connectBus } from '../../services/dbus-protocol/bus-connection.js';
import { XlClient } from '../../xen-bridge/xl-client.js';
import { XlRunner } from '../../xen-bridge/xl-runner.js';

const GUEST = 'vchan1';
const client = new XlClient(new XlRunner());

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(file, args, { timeout: 60_000 }, (e, out, err) => (e ? reject(new Error(`${file}: ${err || e.message}`)) : resolve(out))));
}

async function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

void describe('D-Bus over the real vchan-socket-proxy', { timeout: 300_000 }, () => {
  let socket = '';
  const buses: MessageBus[] = [];

  before(async () => {
    await client.create('/etc/xen/xenlab-vchan.cfg');
    socket = (await run('xenlab-vchan-client', [GUEST, 'dbus'])).trim().split(' ')[0] ?? '';
    assert.match(socket, /\.sock$/);
  }, { timeout: 120_000 });

  after(async () => {
    for (const b of buses) b.disconnect();
    await run('xenlab-vchan-client', ['--stop', GUEST, 'dbus']).catch(() => undefined);
    if ((await client.list()).some((d) => d.name === GUEST)) await client.destroy(GUEST);
  }, { timeout: 120_000 });

  const listNames = async (): Promise<string[]> => {
    // The guest's vchan server comes up some seconds after the domain; the dom0 proxy waits for it.
    const bus = await withTimeout('the hello through the vchan', 90_000, connectBus(`unix:path=${socket}`));
    buses.push(bus);
    const dbus = await bus.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus');
    const listNamesMethod = dbus.getInterface('org.freedesktop.DBus').ListNames;
    assert.ok(listNamesMethod, 'the bus has no ListNames method');
    const names = (await listNamesMethod()) as string[];
    bus.disconnect();
    return names;
  };

  void it('says hello and lists the names on the guest bus', { timeout: 120_000 }, async () => {
    const names = await listNames();
    assert.ok(names.includes('org.freedesktop.DBus'), names.join(' '));
  });

  void it('connects again after the first connection closed (one connection at a time)', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 3; i++) assert.ok((await listNames()).includes('org.freedesktop.DBus'));
  });
});
