/**
 * dom0 reaches a service qube's bus through a vchan: the compiled GUI agent
 * runs "inside" a domain of the simulated Xen host with --vchan, keeping a
 * simulated vchan-socket-proxy server joined to its bus; dom0's side is the
 * simulated proxy in client mode, and dbus-next talks through it. Sessions
 * follow one another cleanly, also after one that hung up while the qube
 * was still sending (the simulated vchan keeps such stale data, as Xen's
 * does, so only a new server per session passes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { sessionBus, type MessageBus } from 'dbus-next';
import { buildOnce, SIM_BIN, SimXenHost } from '../../support/sim-host.js';
import { AgentProcesses } from './agent-processes.js';
import { call } from './dbus-clients.js';
import { connectBus, dbusNextAddress, FREEDESKTOP_NOTIFICATIONS, NOTIFICATION_LIMITS, QTUI_NOTIFICATIONS } from '../../../services/dbus-protocol/index.js';
import type { DbusDaemon } from '../../support/dbus-daemon.js';

const agents = new AgentProcesses('guivm-agent', 'guivm/guivm-agent-main.js');
let host: SimXenHost;
let daemon: DbusDaemon;
let client: ChildProcess;
let dom0Socket: string;
let domid: string;
let vchanPath: string;

async function waitFor(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
  const created = await host.xl('create', host.writeConfig('sys-gui', { memory: 64 }));
  if (created.code !== 0) throw new Error(`xl create: ${created.stderr}`);
  domid = (await host.xl('domid', 'sys-gui')).stdout.trim();
  vchanPath = `/local/domain/${domid}/data/vchan/dbus`;
  daemon = await agents.daemon();
  const agent = agents.start(['--bus', daemon.address, '--vchan', vchanPath, '--vchan-state', `${vchanPath}-state`], { ...host.env, QTUI_SIM_DOMID: domid });
  await agent.ready();
  dom0Socket = join(host.dir, 'dom0-gui.sock');
  await startDom0Proxy();
}, 120_000);

afterAll(async () => {
  client?.kill('SIGKILL');
  await agents.cleanup();
  await host?.teardown();
});

/** One D-Bus session from dom0 through the vchan (or `socket`); resolves with what `body` returns. */
async function session<T>(body: (bus: MessageBus) => Promise<T>, socket = dom0Socket): Promise<T> {
  const bus = sessionBus({ busAddress: dbusNextAddress(`unix:path=${socket}`) });
  // After the handshake an error only means the session is gone; `body` sees its calls fail.
  const failed = new Promise<never>((_, reject) => bus.on('error', (e: unknown) => reject(e instanceof Error ? e : new Error(String(e)))));
  failed.catch(() => undefined);
  try {
    await Promise.race([
      new Promise<void>((resolve) => bus.once('connect', () => resolve())),
      failed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no D-Bus handshake through the vchan within 5 s')), 5_000).unref()),
    ]);
    return await body(bus);
  } finally {
    bus.disconnect();
  }
}

/** dom0's end: the client proxy listening on dom0Socket (a stale socket file from a dead one removed first). */
async function startDom0Proxy(): Promise<void> {
  rmSync(dom0Socket, { force: true });
  client = spawn(join(SIM_BIN, 'vchan-socket-proxy'), ['--mode=client', domid, vchanPath, dom0Socket], { env: host.env, stdio: 'ignore' });
  await waitFor('the dom0 proxy socket', () => existsSync(dom0Socket));
}

/**
 * A unix socket in front of `target` that can stop reading from it: how a
 * dom0 client that stalls mid-reply looks to the proxy (dbus-next cannot be
 * paused, it reads with 'readable'). Hanging up on it hangs up on `target`.
 */
function stallingRelay(target: string, path: string): Promise<{ path: string; stall: () => void; close: () => void }> {
  const sockets: Socket[] = [];
  let upstream: Socket | undefined;
  const server = createServer((down) => {
    const up = connect(target);
    upstream = up;
    sockets.push(down, up);
    down.pipe(up);
    up.pipe(down);
    down.once('close', () => up.end());
    up.on('error', () => down.destroy());
    down.on('error', () => up.destroy());
  });
  return new Promise((resolve) => {
    server.listen(path, () =>
      resolve({
        path,
        stall: () => upstream?.unpipe().pause(),
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    );
  });
}

async function serverInformation(bus: MessageBus): Promise<unknown> {
  const fdo = (await bus.getProxyObject(FREEDESKTOP_NOTIFICATIONS.busName, FREEDESKTOP_NOTIFICATIONS.objectPath)).getInterface(FREEDESKTOP_NOTIFICATIONS.spec.name);
  return call(fdo, 'GetServerInformation');
}

describe('the agent’s vchan server', () => {
  it('carries a D-Bus conversation from dom0 to the qube’s bus', async () => {
    expect(await session(serverInformation)).toEqual(['qtui-guivm', 'qtui', '0.1.0', '1.2']);
  });

  it('serves session after session', async () => {
    for (let i = 0; i < 3; i++) expect(await session(serverInformation)).toEqual(['qtui-guivm', 'qtui', '0.1.0', '1.2']);
  });

  it('a session that hangs up mid-reply leaves no stale data for the next', async () => {
    // ~800 KB of history, posted straight on the qube's bus.
    const local = await connectBus(daemon.address);
    try {
      const fdo = (await local.getProxyObject(FREEDESKTOP_NOTIFICATIONS.busName, FREEDESKTOP_NOTIFICATIONS.objectPath)).getInterface(FREEDESKTOP_NOTIFICATIONS.spec.name);
      for (let i = 0; i < NOTIFICATION_LIMITS.history; i++) await call(fdo, 'Notify', 'bulk', 0, '', `n${i}`, 'b'.repeat(NOTIFICATION_LIMITS.body), [], {}, 0);
    } finally {
      local.disconnect();
    }
    // dom0 asks for all of it, stops reading, and hangs up: the qube was still sending.
    const relay = await stallingRelay(dom0Socket, join(host.dir, 'stall.sock'));
    try {
      await session(async (bus) => {
        const qtui = (await bus.getProxyObject(QTUI_NOTIFICATIONS.busName, QTUI_NOTIFICATIONS.objectPath)).getInterface(QTUI_NOTIFICATIONS.spec.name);
        relay.stall();
        void call(qtui, 'List').catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1000));
      }, relay.path);
    } finally {
      relay.close();
    }
    // Xen's dom0 proxy exits when its client drops mid-stream; dom0's relay starts it again.
    await new Promise((r) => setTimeout(r, 200));
    if (client.exitCode !== null || client.signalCode !== null) await startDom0Proxy();
    expect(await session(serverInformation)).toEqual(['qtui-guivm', 'qtui', '0.1.0', '1.2']);
  });
});
