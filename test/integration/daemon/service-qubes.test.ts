import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainFolder } from '../../../xen-bridge/sim/sim-state.js';
import { qubeBusSocket } from '../../../services/relay/index.js';
import { DaemonFixture } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';

let f: DaemonFixture;
beforeAll(async () => {
  await buildOnce();
  f = await DaemonFixture.start();
}, 180_000);
afterAll(() => f.teardown());

const linkUp = (qube: string) => () => f.daemon.ctx.relay.status(qube).state;

describe('service qubes on the simulated host, through the daemon', () => {
  it('boots sys-net with its bus and agent, and net status comes back over the vchan', async () => {
    await expect.poll(linkUp('sys-net'), { timeout: 30_000 }).toBe('up');
    const r = await f.run(['net', 'status']);
    expect(r.text).toMatch(/^lo\s+loopback/m);
  });

  it('shows a notification sent with notify-send inside the GUI domain, tagged with its qube', async () => {
    await f.run(['start', 'sys-gui']);
    await expect.poll(linkUp('sys-gui'), { timeout: 30_000 }).toBe('up');
    const bus = `unix:path=${qubeBusSocket(domainFolder(f.paths.simDir, 'sys-gui'))}`;
    await new Promise<void>((resolve, reject) =>
      execFile('notify-send', ['backup done', 'all volumes copied'], { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus } }, (e) => (e ? reject(e) : resolve())),
    );
    await expect.poll(async () => (await f.run(['notify-list'])).text ?? '', { timeout: 10_000 }).toContain('backup done');
    await expect.poll(() => f.events.some((e) => e.type === 'notification' && e.qube === 'sys-gui' && e.summary === 'backup done'), { timeout: 10_000 }).toBe(true);
  });

  it('keeps the firewall rules in dom0 and pushes them to sys-firewall', async () => {
    await expect.poll(linkUp('sys-firewall'), { timeout: 30_000 }).toBe('up');
    await f.run(['firewall', 'add', 'work', 'action=accept', 'dsthost=10.0.0.0/8', 'proto=tcp', 'dstports=443']);
    const list = await f.run(['firewall', 'list', 'work']);
    expect(list.text).toContain('dsthost=10.0.0.0/8');
  });
});
