/**
 * xen-bridge against the simulated Xen host: the same code that drives a real
 * host finds the simulated tools on PATH and cannot tell the difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleTerminal } from '../../../xen-bridge/console-terminal.js';
import { DomainEvents, type DomainsChange } from '../../../xen-bridge/domain-events.js';
import { groupAlive } from '../../../xen-bridge/process-group.js';
import type { XentopSample } from '../../../xen-bridge/types.js';
import { XentopStream } from '../../../xen-bridge/xentop-stream.js';
import { XlClient } from '../../../xen-bridge/xl-client.js';
import { XlRunner } from '../../../xen-bridge/xl-runner.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { waitFor } from '../../unit/xen-bridge/fake-xen.js';
import { rejection } from '../../support/xen-rejection.js';

let host: SimXenHost;
beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
}, 180_000);
afterAll(async () => {
  await host.teardown();
});

describe('xen-bridge on the simulated host', () => {
  it('create → event → list → console echo → destroy → removed event', async () => {
    const client = new XlClient(new XlRunner({ env: host.env }));
    const events = new DomainEvents({ client, env: host.env, pollIntervalMs: 60_000 });
    const changes: DomainsChange[] = [];
    events.onDomains((c) => changes.push(c));
    const stats = new XentopStream({ env: host.env, intervalSec: 1 });
    const samples: XentopSample[] = [];
    stats.onSample((s) => samples.push(s));
    let term: ConsoleTerminal | undefined;
    try {
      events.start();
      await waitFor('the first list', () => changes.length === 1 && events.mode === 'watching');
      expect(changes[0]?.domains.map((d) => d.name)).toEqual(['Domain-0']);

      await client.create(host.writeConfig('work', { memory: 64 }));
      await waitFor('the introduce event', () => changes.some((c) => c.added.some((d) => d.name === 'work')));
      const work = (await client.list()).find((d) => d.name === 'work');
      expect(work?.memoryMiB).toBe(64);
      expect((await client.listLong('work')).map((d) => d.name)).toEqual(['work']);

      expect((await rejection(client.create(host.writeConfig('work')))).kind).toBe('name-in-use');
      expect((await rejection(client.pause('nosuchdomain'))).kind).toBe('domain-not-found');

      stats.start();
      await waitFor('a xentop sample with the new domain', () => samples.some((s) => s.domains.some((d) => d.name === 'work')));

      term = new ConsoleTerminal({ domain: 'work', cols: 80, rows: 24, env: host.env });
      let output = '';
      term.onData((d) => (output += d));
      term.write('echo hello-$((6*7))\r');
      await waitFor('the echo through the console', () => output.includes('hello-42'));
      await term.close();
      expect(groupAlive(term.pid)).toBe(false);
      expect((await client.list()).map((d) => d.name)).toContain('work');

      await client.destroy('work');
      await waitFor('the release event', () => changes.some((c) => c.removed.some((d) => d.name === 'work')));
      expect((await client.list()).map((d) => d.name)).toEqual(['Domain-0']);
    } finally {
      await term?.close();
      await stats.stop();
      await events.stop();
    }
  });
  it('every XlClient command is understood by the simulated xl', async () => {
    const client = new XlClient(new XlRunner({ env: host.env }));
    await client.create(host.writeConfig('cmds', { memory: 64, maxmem: 128, vcpus: 2 }), { paused: true });
    const state = async (): Promise<string | undefined> => (await client.list()).find((d) => d.name === 'cmds-2' || d.name === 'cmds')?.stateText;
    expect(await state()).toMatch(/p/);
    await client.unpause('cmds');
    expect(await state()).not.toMatch(/p/);
    await client.pause('cmds');
    expect(await state()).toMatch(/p/);
    await client.unpause('cmds');

    await client.rename('cmds', 'cmds-2');
    const renamed = (await client.list()).find((d) => d.name === 'cmds-2');
    expect(renamed).toBeDefined();

    await client.memSet('cmds-2', 100);
    await client.memMax('cmds-2', 128);
    await client.vcpuSet('cmds-2', 1);
    const after = (await client.list()).find((d) => d.name === 'cmds-2');
    expect([after?.memoryMiB, after?.vcpus]).toEqual([100, 1]);
    expect((await client.vcpuList('cmds-2')).length).toBeGreaterThanOrEqual(1);
    expect((await client.uptime()).map((u) => u.name)).toContain('cmds-2');
    expect((await client.info()).nrCpus).toBeGreaterThan(0);

    await client.networkAttach('cmds-2', { bridge: 'xenbr0', mac: '00:16:3e:00:00:07' });
    expect((await client.networkList('cmds-2')).map((n) => n.mac)).toEqual(['00:16:3e:00:00:07']);
    await client.networkDetach('cmds-2', '00:16:3e:00:00:07');
    expect(await client.networkList('cmds-2')).toEqual([]);

    await client.blockAttach('cmds-2', { target: `${host.dir}/disk.img`, vdev: 'xvdb', access: 'ro', format: 'raw' });
    expect((await client.blockList('cmds-2')).map((b) => b.vdev)).toEqual([51728]);
    await client.blockDetach('cmds-2', 'xvdb');
    expect(await client.blockList('cmds-2')).toEqual([]);

    await client.usbctrlAttach('cmds-2', { version: 2, ports: 4, type: 'pv' });
    await client.usbdevAttach('cmds-2', { hostbus: 1, hostaddr: 3 });

    const detail = await client.listLong('cmds-2');
    expect(detail.map((d) => [d.name, d.maxmemMiB])).toEqual([['cmds-2', 128]]);
    expect(detail[0]?.usbctrls.map((c) => [c.version, c.ports])).toEqual([[2, 4]]);
    expect(detail[0]?.usbdevs).toHaveLength(1);

    await client.shutdown('cmds-2', { wait: true });
    expect((await client.list()).map((d) => d.name)).not.toContain('cmds-2');
  });
  it("a console of a missing domain ends with xl's message and exit code", async () => {
    const term = new ConsoleTerminal({ domain: 'nosuchdomain', cols: 80, rows: 24, env: host.env });
    let output = '';
    term.onData((d) => (output += d));
    const exit = await new Promise<{ exitCode: number }>((resolve) => term.onExit(resolve));
    await term.close();
    expect(exit.exitCode).toBe(1);
    expect(output).toContain('nosuchdomain is an invalid domain identifier (rc=-6)');
  });
});
