/**
 * xen-bridge against the simulated Xen host: the same code that drives a real
 * host finds the simulated tools on PATH and cannot tell the difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleTerminal } from '../../../xen-bridge/console-terminal.js';
import { DomainEvents, type DomainsChange } from '../../../xen-bridge/domain-events.js';
import { groupAlive } from '../../../xen-bridge/process-group.js';
import type { XentopSample } from '../../../xen-bridge/types.js';
import { XenError } from '../../../xen-bridge/xen-error.js';
import { XentopStream } from '../../../xen-bridge/xentop-stream.js';
import { XlClient } from '../../../xen-bridge/xl-client.js';
import { XlRunner } from '../../../xen-bridge/xl-runner.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { waitFor } from '../../unit/xen-bridge/fake-xen.js';

let host: SimXenHost;
beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
}, 180_000);
afterAll(async () => {
  await host.teardown();
});

async function rejection(p: Promise<unknown>): Promise<XenError> {
  const error: unknown = await p.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XenError);
  return error as XenError;
}

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
});
