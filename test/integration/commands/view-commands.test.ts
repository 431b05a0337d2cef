/**
 * The commands the console's detail, devices and network views read, run
 * with `--format json` through a daemon on its own simulated host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonFixture, VIEWER } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';

let f: DaemonFixture;
beforeAll(async () => {
  await buildOnce();
  f = await DaemonFixture.start();
}, 180_000);
afterAll(() => f.teardown());

const linkUp = (qube: string) => () => f.daemon.ctx.relay.status(qube).state;

describe('volumes', () => {
  it("lists an AppVM's volumes: its template's root read-only, its own private, a volatile made at start", async () => {
    const before = await f.run(['volumes', 'work', '--format', 'json'], VIEWER);
    expect(before.text).toBeUndefined();
    expect(before.data).toMatchObject({
      qube: 'work',
      volumes: [
        { volume: 'root', vdev: 'xvda', access: 'ro', source: expect.stringMatching(/^fedora-\d+'s root/) as unknown },
        { volume: 'private', vdev: 'xvdb', access: 'rw', source: 'own', sizeMiB: expect.any(Number) as unknown },
        // Never started: no volatile volume yet.
        { volume: 'volatile', path: null, sizeMiB: null },
      ],
    });
    await f.run(['start', 'work']);
    const after = await f.run(['volumes', 'work', '--format', 'json']);
    expect((after.data as { volumes: { sizeMiB: number | null }[] }).volumes[2]?.sizeMiB).toEqual(expect.any(Number));
  });

  it('gives a template its own root, dom0 none, and says so in text', async () => {
    const t = await f.run(['volumes', 'debian-12']);
    expect(t.text).toMatch(/^root\s+xvda\s+rw\s.*own$/m);
    expect((await f.run(['volumes', 'dom0'])).text).toBe('dom0 has no volumes in the pool\n');
    await expect(f.run(['volumes', 'nosuchqube'])).rejects.toThrow(/no qube named nosuchqube/);
  });
});

describe('--format json of the service qubes commands', () => {
  it('net-status, net-wifi-list, usb-ls and firewall-list print their data alone', async () => {
    await expect.poll(linkUp('sys-net'), { timeout: 30_000 }).toBe('up');
    await expect.poll(linkUp('sys-usb'), { timeout: 30_000 }).toBe('up');
    const net = await f.run(['net-status', '--format', 'json'], VIEWER);
    expect(net.text).toBeUndefined();
    expect(net.data).toMatchObject({ qube: 'sys-net', interfaces: expect.arrayContaining([expect.objectContaining({ name: 'lo', rxBytes: expect.any(String) as unknown })]) as unknown });
    const wifi = await f.run(['net-wifi-list', '--format', 'json'], VIEWER);
    expect(wifi).toEqual({ data: expect.objectContaining({ qube: 'sys-net', simulated: true }) as unknown });
    const usb = await f.run(['usb-ls', '--format', 'json'], VIEWER);
    expect(usb).toEqual({ data: expect.any(Array) as unknown });
    const fw = await f.run(['firewall-list', 'work', '--format', 'json'], VIEWER);
    expect(fw).toEqual({ data: { qube: 'work', rules: null } });
    expect((await f.run(['firewall-list', 'work'])).text).toMatch(/all traffic accepted/);
  });
});
