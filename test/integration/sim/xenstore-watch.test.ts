/** The simulated xenstore-watch: registration line, then the events domains cause as they come and go. */
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';

let host: SimXenHost | undefined;

beforeAll(buildOnce, 120_000);
afterEach(async () => {
  await host?.teardown();
  host = undefined;
});

/** Collects a watcher's stdout lines; `until` resolves once a line matching the predicate arrived. */
function lines(child: ChildProcess): { all: string[]; until: (pred: (all: string[]) => boolean, timeoutMs?: number) => Promise<void> } {
  const all: string[] = [];
  let partial = '';
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    all.push(...parts);
    for (const w of waiters) w();
  });
  return {
    all,
    until: (pred, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`watch output so far: ${JSON.stringify(all)}`)), timeoutMs);
        const check = (): void => {
          if (pred(all)) {
            clearTimeout(timer);
            resolve();
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

describe('simulated xenstore-watch', () => {
  it('prints the path at registration, then @introduceDomain/@releaseDomain as domains come and go', async () => {
    const h = (host = await SimXenHost.create());
    const intro = lines(h.spawn('xenstore-watch', ['@introduceDomain']));
    const release = lines(h.spawn('xenstore-watch', ['@releaseDomain']));
    const local = lines(h.spawn('xenstore-watch', ['/local/domain']));
    await intro.until((a) => a.length === 1);
    await release.until((a) => a.length === 1);
    await local.until((a) => a.length === 1);
    expect((await h.xl('create', h.writeConfig('work'))).code).toBe(0);
    await intro.until((a) => a.length === 2);
    await local.until((a) => a.includes('/local/domain/1'));
    expect((await h.xl('rename', 'work', 'play')).code).toBe(0);
    await local.until((a) => a.includes('/local/domain/1/name'));
    expect((await h.xl('destroy', 'play')).code).toBe(0);
    await release.until((a) => a.length === 2);
    expect(intro.all).toEqual(['@introduceDomain', '@introduceDomain']);
    expect(release.all).toEqual(['@releaseDomain', '@releaseDomain']);
    expect(local.all.slice(0, 2)).toEqual(['/local/domain', '/local/domain/1']);
    expect(local.all.every((l) => l === '/local/domain' || l.startsWith('/local/domain/'))).toBe(true);
  });

  it('-n NR exits after NR lines; earlier events are not replayed', async () => {
    const h = (host = await SimXenHost.create());
    expect((await h.xl('create', h.writeConfig('old'))).code).toBe(0);
    const child = h.spawn('xenstore-watch', ['-n', '2', '@introduceDomain']);
    const out = lines(child);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await out.until((a) => a.length === 1);
    expect((await h.xl('create', h.writeConfig('new'))).code).toBe(0);
    expect(await exited).toBe(0);
    expect(out.all).toEqual(['@introduceDomain', '@introduceDomain']);
  });

  it('exits when its reader goes away', async () => {
    const h = (host = await SimXenHost.create());
    const child = h.spawn('xenstore-watch', ['@introduceDomain']);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await lines(child).until((a) => a.length === 1);
    child.stdout?.destroy();
    // The next event's line hits the closed pipe.
    expect((await h.xl('create', h.writeConfig('x'))).code).toBe(0);
    expect(await exited).toBe(0);
  });

  it('xentop -b without -i exits when its reader goes away', async () => {
    const h = (host = await SimXenHost.create());
    const child = h.spawn('xentop', ['-b', '-d', '0.1']);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await lines(child).until((a) => a.length >= 4);
    child.stdout?.destroy();
    expect(await exited).toBe(0);
  });
});
