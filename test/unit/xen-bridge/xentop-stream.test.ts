import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processAlive } from '../../../xen-bridge/process-group.js';
import type { XentopSample } from '../../../xen-bridge/types.js';
import type { XenError } from '../../../xen-bridge/xen-error.js';
import { XentopStream, type XentopStreamOptions } from '../../../xen-bridge/xentop-stream.js';
import { fakeTool, fakeXenDir, nth, sample, tempDirs, waitFor } from './fake-xen.js';

const temp = tempDirs();
const streams: XentopStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.stop()));
  temp.cleanup();
});

function stream(extraEnv: Record<string, string> = {}, opts: XentopStreamOptions = {}) {
  const dir = temp.make();
  const env = { ...process.env, FAKE_XEN_DIR: dir, FAKE_XENTOP_SAMPLE: sample('xentop-b-i2.out'), ...extraEnv };
  const s = new XentopStream({ xentopPath: fakeTool('xentop'), env, intervalSec: 1, ...opts });
  streams.push(s);
  const samples: XentopSample[] = [];
  const errors: XenError[] = [];
  s.onSample((x) => samples.push(x));
  s.onError((e) => errors.push(e));
  const runs = (): string[] => (existsSync(join(dir, 'xentop.runs')) ? readFileSync(join(dir, 'xentop.runs'), 'utf8').trim().split('\n') : []);
  return { s, samples, errors, runs };
}

describe('XentopStream', () => {
  it('runs one `xentop -b -f -d N` and hands out every iteration whole', async () => {
    const { s, samples, errors, runs } = stream();
    s.start();
    await waitFor('several samples', () => samples.length >= 5);
    expect(runs()).toHaveLength(1);
    expect(nth(runs(), 0).split(' ').slice(1)).toEqual(['-b', '-f', '-d', '1']);
    for (const x of samples) expect(x.domains.map((d) => d.name)).toEqual(['Domain-0', 'test1', 'test2']);
    // The sample alternates between its two iterations: CPU% 0.0 in the first, 13.0 in the second.
    expect(samples.slice(0, 4).map((x) => nth(x.domains, 0).cpuPercent)).toEqual([0, 13, 0, 13]);
    expect(errors).toEqual([]);
  });

  it('restarts a xentop that dies, with back-off, and samples keep coming', async () => {
    const { s, samples, errors, runs } = stream({ FAKE_XENTOP_ROUNDS: '1' }, { backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 60_000 } });
    s.start();
    await waitFor('three runs', () => runs().length >= 3 && samples.length >= 6);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every((e) => e.kind === 'failed')).toBe(true);
    for (const x of samples) expect(x.domains).toHaveLength(3);
  });

  it('reports bad output and recovers at the next iteration', async () => {
    const { s, samples, errors } = stream({ FAKE_XENTOP_SAMPLE: join(fakeXenDir, 'garbage.out') });
    s.start();
    await waitFor('an error', () => errors.length >= 1);
    expect(nth(errors, 0).kind).toBe('unparseable-output');
    expect(samples).toEqual([]);
  });

  it.each([
    ['not installed', null],
    ['missing', join(fakeXenDir, 'no-such-xentop')],
  ])('reports a xentop that is %s', async (_what, path) => {
    const { s, errors } = stream({}, { xentopPath: path });
    s.start();
    await waitFor('the error', () => errors.length >= 1);
    expect(nth(errors, 0).kind).toBe('not-installed');
  });

  it('stop() ends xentop', async () => {
    const { s, samples, runs } = stream();
    s.start();
    await waitFor('a sample', () => samples.length >= 1);
    await s.stop();
    const pid = Number(nth(runs(), 0).split(' ')[0]);
    expect(processAlive(pid)).toBe(false);
  });
});
