import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { XlClient } from '../../../xen-bridge/xl-client.js';
import { XlRunner } from '../../../xen-bridge/xl-runner.js';
import { fakeTool, fakeXenDir, nth, sample, tempDirs } from './fake-xen.js';
import { rejection } from '../../support/xen-rejection.js';

const temp = tempDirs();
afterEach(() => temp.cleanup());

/** A client whose xl prints the captured output `name` (a path without extension). */
function replaying(name: string): XlClient {
  return new XlClient(new XlRunner({ xlPath: fakeTool('xl-replay'), env: { ...process.env, FAKE_XL_SAMPLE: name } }));
}

/** A client whose xl records its arguments. */
function recording(): { client: XlClient; calls: () => string[][] } {
  const dir = temp.make();
  const client = new XlClient(new XlRunner({ xlPath: fakeTool('xl-argv'), env: { ...process.env, FAKE_XEN_DIR: dir } }));
  const calls = (): string[][] => {
    const file = join(dir, 'argv');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split('\x1f').slice(0, -1));
  };
  return { client, calls };
}

describe('XlClient reads', () => {
  it('parses the real outputs', async () => {
    const list = await replaying(sample('xl-list')).list();
    expect(list.map((d) => [d.name, d.domid, d.memoryMiB, d.vcpus])).toEqual([
      ['Domain-0', 0, 1024, 2],
      ['test1', 1, 128, 2],
      ['test2', 2, 128, 1],
    ]);
    const detail = await replaying(sample('xl-list-l')).listLong('test1');
    expect(detail.map((d) => d.domid)).toEqual([0, 1, 2]);
    expect(nth(detail, 1).name).toBe('test1');
    const info = await replaying(sample('xl-info')).info();
    expect([info.host, info.nrCpus, info.totalMemoryMiB, info.freeMemoryMiB, info.xenVersion]).toEqual(['dom0', 2, 3071, 2014, '4.17.7']);
    const vcpus = await replaying(sample('xl-vcpu-list')).vcpuList();
    expect(vcpus.filter((v) => v.name === 'test1').map((v) => v.vcpu)).toEqual([0, 1]);
    const uptime = await replaying(sample('xl-uptime')).uptime();
    expect(uptime.map((u) => u.name)).toEqual(['Domain-0', 'test1', 'test2']);
    const nics = await replaying(sample('xl-network-list.test1')).networkList('test1');
    expect(nics.map((n) => [n.idx, n.mac])).toEqual([[0, '00:16:3e:1f:db:5f']]);
    const disks = await replaying(sample('xl-block-list.test1')).blockList(1);
    expect(disks.map((d) => [d.vdev, d.backendPath])).toEqual([[51712, '/local/domain/0/backend/vbd/1/51712']]);
  });

  it('turns output it cannot parse into unparseable-output naming the line', async () => {
    const error = await rejection(replaying(join(fakeXenDir, 'garbage')).list());
    expect(error.kind).toBe('unparseable-output');
    expect(error.command).toEqual(['xl', 'list']);
    expect(error.detail).toMatch(/line 1/);
  });

  it("passes xl's own failure through", async () => {
    const client = new XlClient(
      new XlRunner({
        xlPath: fakeTool('xl-replay'),
        env: { ...process.env, FAKE_XL_SAMPLE: sample('err.xl-list-l.nosuchdomain'), FAKE_XL_EXIT: '1' },
      }),
    );
    expect((await rejection(client.listLong('nosuchdomain'))).kind).toBe('domain-not-found');
  });
});

describe('XlClient commands', () => {
  it('builds the argument arrays xl expects', async () => {
    const { client, calls } = recording();
    await client.create('/etc/xen/work.cfg', { paused: true });
    await client.create('/etc/xen/work.cfg');
    await client.shutdown('work', { wait: true, force: true });
    await client.shutdown(3);
    await client.reboot('work');
    await client.destroy(7);
    await client.pause('work');
    await client.unpause('Domain-0');
    await client.rename('work', 'work-2');
    await client.memSet('work', 400);
    await client.memMax('work', 800);
    await client.vcpuSet('work', 2);
    await client.networkAttach('work', { mac: '00:16:3E:5e:6c:00', ip: '10.137.0.5', backend: 'sys-firewall', script: 'vif-route' });
    await client.networkDetach('work', 0);
    await client.networkDetach('work', '00:16:3e:5e:6c:00');
    await client.blockAttach('work', { target: '/var/lib/qubes/a,b.img', vdev: 'xvdb', access: 'ro', format: 'raw', backend: 'sys-usb' });
    await client.blockDetach('work', 'xvdb');
    await client.usbctrlAttach('work', { version: 2, ports: 8, type: 'pv' });
    await client.usbdevAttach('work', { hostbus: 1, hostaddr: 4 });
    await client.usbdevAttach('work', { hostbus: 1, hostaddr: 4, controller: 0, port: 2 });
    await client.usbdevDetach('work', 0, 2);
    expect(calls()).toEqual([
      ['create', '-p', '/etc/xen/work.cfg'],
      ['create', '/etc/xen/work.cfg'],
      ['shutdown', '-w', '-F', 'work'],
      ['shutdown', '3'],
      ['reboot', 'work'],
      ['destroy', '7'],
      ['pause', 'work'],
      ['unpause', 'Domain-0'],
      ['rename', 'work', 'work-2'],
      ['mem-set', 'work', '400m'],
      ['mem-max', 'work', '800m'],
      ['vcpu-set', 'work', '2'],
      ['network-attach', 'work', 'mac=00:16:3E:5e:6c:00', 'ip=10.137.0.5', 'backend=sys-firewall', 'script=vif-route'],
      ['network-detach', 'work', '0'],
      ['network-detach', 'work', '00:16:3e:5e:6c:00'],
      ['block-attach', 'work', 'format=raw,vdev=xvdb,access=ro,backend=sys-usb,target=/var/lib/qubes/a,b.img'],
      ['block-detach', 'work', 'xvdb'],
      ['usbctrl-attach', 'work', 'version=2', 'ports=8', 'type=pv'],
      ['usbdev-attach', 'work', 'hostbus=1', 'hostaddr=4'],
      ['usbdev-attach', 'work', 'hostbus=1', 'hostaddr=4', 'controller=0', 'port=2'],
      ['usbdev-detach', 'work', '0', '2'],
    ]);
  });

  it('refuses bad names and values before xl runs', async () => {
    const { client, calls } = recording();
    const attempts: [string, () => Promise<unknown>][] = [
      ['option as name', () => client.destroy('-F')],
      ['blank in name', () => client.pause('a b')],
      ['shell in name', () => client.pause('x;reboot')],
      ['empty name', () => client.unpause('')],
      ['stub domain name', () => client.shutdown('work-dm')],
      ['negative domid', () => client.destroy(-1)],
      ['fractional domid', () => client.destroy(1.5)],
      ['Domain-0 as new name', () => client.rename('work', 'Domain-0')],
      ['long name', () => client.rename('work', 'a'.repeat(32))],
      ['listLong name', () => client.listLong('--bogus')],
      ['relative config', () => client.create('work.cfg')],
      ['config with newline', () => client.create('/etc/xen/a\nb.cfg')],
      ['zero memory', () => client.memSet('work', 0)],
      ['fractional memory', () => client.memMax('work', 1.5)],
      ['zero vcpus', () => client.vcpuSet('work', 0)],
      ['ip smuggling a backend', () => client.networkAttach('work', { ip: '10.0.0.1,backend=dom0' })],
      ['bad mac', () => client.networkAttach('work', { mac: 'zz:16:3e:5e:6c:00' })],
      ['blank in bridge', () => client.networkAttach('work', { bridge: 'br0 x' })],
      ['bad backend', () => client.networkAttach('work', { backend: 'sys-net;x' })],
      ['mac to detach', () => client.networkDetach('work', 'eth0')],
      ['relative target', () => client.blockAttach('work', { target: 'disk.img', vdev: 'xvdb', access: 'ro' })],
      ['quote in target', () => client.blockAttach('work', { target: "/a'b", vdev: 'xvdb', access: 'ro' })],
      ['vdev smuggling a target', () => client.blockDetach('work', 'xvdb,target=/etc/shadow')],
      ['bad usb version', () => client.usbctrlAttach('work', { version: 4 as 3, ports: 8 })],
      ['bad usb port', () => client.usbdevDetach('work', 0, 0)],
    ];
    for (const [what, attempt] of attempts) {
      const error = await rejection(attempt());
      expect(error.kind, what).toBe('invalid-argument');
      expect(error.command[0], what).toBe('xl');
    }
    expect(calls()).toEqual([]);
  });
});
