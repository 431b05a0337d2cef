import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainEvents, type DomainEventsOptions, type DomainsChange } from '../../../xen-bridge/domain-events.js';
import { processAlive } from '../../../xen-bridge/process-group.js';
import type { XenError } from '../../../xen-bridge/xen-error.js';
import { XlClient } from '../../../xen-bridge/xl-client.js';
import { XlRunner } from '../../../xen-bridge/xl-runner.js';
import { fakeTool, fakeXenDir, nth, sample, tempDirs, waitFor } from './fake-xen.js';

const temp = tempDirs();
const running: DomainEvents[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
  temp.cleanup();
});

/** A host whose `xl list` prints list.out in `dir`, and whose xenstore-watch fires on event.* files. */
function host(opts: Partial<DomainEventsOptions> = {}) {
  const dir = temp.make();
  const env = { ...process.env, FAKE_XEN_DIR: dir };
  const setList = (name: string): void => copyFileSync(sample(`${name}.out`), join(dir, 'list.out'));
  setList('xl-list.dom0-only');
  const client = new XlClient(new XlRunner({ xlPath: fakeTool('xl-list-file'), env }));
  const events = new DomainEvents({ client, env, xenstoreWatchPath: fakeTool('xenstore-watch'), pollIntervalMs: 60_000, ...opts });
  running.push(events);
  const changes: DomainsChange[] = [];
  events.onDomains((c) => changes.push(c));
  let n = 0;
  return {
    dir,
    events,
    changes,
    setList,
    fire: () => writeFileSync(join(dir, `event.${++n}`), ''),
    listCalls: () => (existsSync(join(dir, 'list.calls')) ? readFileSync(join(dir, 'list.calls'), 'utf8').split('\n').length - 1 : 0),
    watcherPids: () => (existsSync(join(dir, 'watch.pids')) ? readFileSync(join(dir, 'watch.pids'), 'utf8').trim().split('\n').map(Number) : []),
  };
}

const names = (list: { name: string }[]): string[] => list.map((d) => d.name);

describe('DomainEvents', () => {
  it('reads the list once the watches are registered, then after each event', async () => {
    const h = host();
    h.events.start();
    await waitFor('the first list', () => h.changes.length === 1);
    expect(h.events.mode).toBe('watching');
    expect(names(nth(h.changes, 0).domains)).toEqual(['Domain-0']);
    expect(names(nth(h.changes, 0).added)).toEqual(['Domain-0']);

    h.setList('xl-list');
    h.fire();
    await waitFor('the new domains', () => h.changes.length === 2);
    expect(names(nth(h.changes, 1).added)).toEqual(['test1', 'test2']);
    expect(nth(h.changes, 1).removed).toEqual([]);

    // test2 rebooted: same name, new domid, so it went and came back.
    h.setList('xl-list.after-reboot');
    h.fire();
    await waitFor('the reboot', () => h.changes.length === 3);
    expect(names(nth(h.changes, 2).removed)).toEqual(['test2']);
    expect(names(nth(h.changes, 2).added)).toEqual(['test2']);
    expect(nth(nth(h.changes, 2).added, 0).domid).not.toBe(nth(nth(h.changes, 2).removed, 0).domid);

    h.setList('xl-list.dom0-only');
    h.fire();
    await waitFor('the removal', () => h.changes.length === 4);
    expect(names(nth(h.changes, 3).removed)).toEqual(['test1', 'test2']);
    expect(nth(h.changes, 3).added).toEqual([]);
  });

  it('folds a burst of events into few reads', async () => {
    const h = host();
    h.events.start();
    await waitFor('the first list', () => h.changes.length === 1);
    const before = h.listCalls();
    for (let i = 0; i < 30; i++) h.fire();
    await waitFor('the burst to be consumed', () => !readdirSync(h.dir).some((f) => f.startsWith('event.')));
    // One more event after a change: once it shows, every read of the burst is done.
    h.setList('xl-list');
    h.fire();
    await waitFor('the change', () => h.changes.length === 2);
    expect(h.listCalls() - before).toBeLessThanOrEqual(4);
  });

  it('restarts a watcher that dies, and events keep flowing', async () => {
    const h = host({ backoff: { initialMs: 100, maxMs: 1000, resetAfterMs: 60_000 } });
    h.events.start();
    await waitFor('the first list', () => h.changes.length === 1 && h.events.mode === 'watching');
    const first = nth(h.watcherPids(), 0);
    process.kill(-first, 'SIGKILL');
    await waitFor('a new watcher', () => h.watcherPids().length === 2 && h.events.mode === 'watching');
    expect(processAlive(first)).toBe(false);
    h.setList('xl-list');
    h.fire();
    await waitFor('the event through the new watcher', () => h.changes.length === 2);
    expect(names(nth(h.changes, 1).added)).toEqual(['test1', 'test2']);
  });

  it.each([
    ['not installed', null],
    ['broken', join(fakeXenDir, 'no-such-xenstore-watch')],
  ])('polls `xl list` when xenstore-watch is %s', async (_what, path) => {
    const h = host({ xenstoreWatchPath: path, pollIntervalMs: 100, backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 } });
    h.events.start();
    await waitFor('the first list', () => h.changes.length === 1);
    expect(h.events.mode).toBe('polling');
    h.setList('xl-list');
    await waitFor('the change, seen by polling', () => h.changes.length === 2);
    expect(names(nth(h.changes, 1).added)).toEqual(['test1', 'test2']);
  });

  it('polls while a watcher never registers its watches', async () => {
    const h = host({ xenstoreWatchPath: fakeTool('xenstore-watch-mute'), pollIntervalMs: 100 });
    h.events.start();
    await waitFor('the first list', () => h.changes.length === 1);
    expect(h.events.mode).toBe('polling');
    h.setList('xl-list');
    await waitFor('the change, seen by polling', () => h.changes.length === 2);
    const pids = h.watcherPids();
    expect(pids).toHaveLength(1);
    await h.events.stop();
    expect(processAlive(nth(pids, 0))).toBe(false);
  });

  it('reports a list it cannot read, and tries again', async () => {
    const h = host({ pollIntervalMs: 100 });
    const errors: XenError[] = [];
    h.events.onError((e) => errors.push(e));
    copyFileSync(join(fakeXenDir, 'garbage.out'), join(h.dir, 'list.out'));
    h.events.start();
    await waitFor('the error', () => errors.length >= 1);
    expect(nth(errors, 0).kind).toBe('unparseable-output');
    expect(h.events.mode).toBe('watching');
    // No event fires: the retry alone has to find the list.
    h.setList('xl-list');
    await waitFor('the list', () => h.changes.length === 1);
    expect(names(nth(h.changes, 0).domains)).toEqual(['Domain-0', 'test1', 'test2']);
  });

  it('stop() ends the watcher and emits nothing more', async () => {
    const h = host();
    h.events.start();
    await waitFor('the first list', () => h.changes.length === 1);
    const pids = h.watcherPids();
    await h.events.stop();
    expect(h.events.mode).toBe('stopped');
    for (const pid of pids) expect(processAlive(pid)).toBe(false);
    const calls = h.listCalls();
    h.setList('xl-list');
    h.fire();
    h.events.refresh();
    expect(h.listCalls()).toBe(calls);
    expect(h.changes).toHaveLength(1);

    h.events.start();
    await waitFor('the whole list again after a restart', () => h.changes.length === 2);
    expect(names(nth(h.changes, 1).added)).toEqual(['Domain-0', 'test1', 'test2']);
    expect(h.watcherPids()).toHaveLength(2);
  });
});
