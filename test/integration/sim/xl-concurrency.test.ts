/** Many xl processes at once against one state: every change lands, the state stays valid. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { parseXlList } from '../../../xen-bridge/parsers/xl-list-parser.js';
import type { SimState } from '../../../xen-bridge/sim/sim-state.js';

const GUESTS = 20;
let host: SimXenHost;

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
}, 120_000);

afterAll(async () => {
  await host?.teardown();
});

describe('concurrent simulated xl', () => {
  it(`${GUESTS} concurrent creates of distinct names all land with distinct domids`, async () => {
    const names = Array.from({ length: GUESTS }, (_, i) => `vm${i}`);
    const results = await Promise.all(names.map((n) => host.xl('create', host.writeConfig(n, { memory: 32 }))));
    expect(results.map((r) => r.code)).toEqual(names.map(() => 0));
    const state = JSON.parse(readFileSync(join(host.dir, 'state.json'), 'utf8')) as SimState;
    expect(state.domains.map((d) => d.name).sort()).toEqual([...names].sort());
    const domids = state.domains.map((d) => d.domid);
    expect(new Set(domids).size).toBe(GUESTS);
    expect(Math.min(...domids)).toBe(1);
    expect(Math.max(...domids)).toBe(GUESTS);
    expect(state.nextDomid).toBe(GUESTS + 1);
    expect(state.domains.every((d) => d.supervisorPid > 0)).toBe(true);
    const listed = parseXlList((await host.xl('list')).stdout);
    expect(listed.ok && listed.value.length).toBe(GUESTS + 1);
  }, 120_000);

  it('concurrent renames and lists never see a torn state', async () => {
    const ops = Array.from({ length: 5 }, (_, i) => [host.xl('rename', `vm${i}`, `renamed${i}`), host.xl('list')]).flat();
    const results = await Promise.all(ops);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const listed = parseXlList((await host.xl('list')).stdout);
    expect(listed.ok && listed.value.filter((d) => d.name.startsWith('renamed')).length).toBe(5);
  }, 60_000);
});
