/** Corners of the simulated formats that a short-lived test host does not reach by itself. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uptimeToString } from '../../../xen-bridge/sim/format/uptime-format.js';
import { yajlStringify } from '../../../xen-bridge/sim/format/yajl-json.js';
import { parseMemSizeKb } from '../../../xen-bridge/sim/xl-commands/xl-mem-command.js';
import { xenVdevNumber } from '../../../xen-bridge/sim/guest-devices.js';
import { parseXentopBatch } from '../../../xen-bridge/parsers/xentop-parser.js';
import { parseXlList } from '../../../xen-bridge/parsers/xl-list-parser.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';

describe('xl formatting helpers', () => {
  it('uptime strings follow xl_misc.c for minutes, hours and days', () => {
    expect(uptimeToString(92, false)).toBe(' 0:01:32');
    expect(uptimeToString(3 * 3600 + 5, false)).toBe(' 3:00:05');
    expect(uptimeToString(86400 + 61, false)).toBe('1 day,  0:01:01');
    expect(uptimeToString(3 * 86400 + 12 * 3600, false)).toBe('3 days, 12:00:00');
    expect(uptimeToString(86400 * 2 + 60, true)).toBe('2 days,  0:01');
    expect(uptimeToString(59, true)).toBe(' 0:00');
  });

  it('memory sizes parse as xl does: no suffix is KiB', () => {
    expect(parseMemSizeKb('100m')).toBe(102400);
    expect(parseMemSizeKb('2G')).toBe(2 * 1024 * 1024);
    expect(parseMemSizeKb('4096')).toBe(4096);
    expect(parseMemSizeKb('2048b')).toBe(2);
    expect(parseMemSizeKb('abc')).toBeUndefined();
    expect(parseMemSizeKb('-5m')).toBeUndefined();
  });

  it('xvd names map to Xen vdev numbers, legacy and extended', () => {
    expect(xenVdevNumber('xvda')).toBe(51712);
    expect(xenVdevNumber('xvdb')).toBe(51728);
    expect(xenVdevNumber('xvdz')).toBe(268441856);
    expect(xenVdevNumber('sda')).toBeUndefined();
  });

  it('yajl layout: 4-space indent, empty containers with a blank line', () => {
    expect(yajlStringify({ a: [1], b: {}, c: [] })).toBe('{\n    "a": [\n        1\n    ],\n    "b": {\n\n    },\n    "c": [\n\n    ]\n}');
  });
});

describe('names in simulated listings', () => {
  let host: SimXenHost;
  const long = 'a-rather-long-qube-name';

  beforeAll(async () => {
    await buildOnce();
    host = await SimXenHost.create();
    expect((await host.xl('create', host.writeConfig(long))).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await host?.teardown();
  });

  it('xl list keeps a long name whole', async () => {
    const r = parseXlList((await host.xl('list')).stdout);
    expect(r.ok && r.value.map((d) => d.name)).toEqual(['Domain-0', long]);
  });

  it('xentop truncates names to 10 columns, -f widens the column instead', async () => {
    const short = parseXentopBatch((await host.run('xentop', ['-b', '-i', '1'])).stdout);
    expect(short.ok && short.value[0]?.domains.map((d) => d.name)).toEqual(['Domain-0', long.slice(0, 10)]);
    const full = parseXentopBatch((await host.run('xentop', ['-b', '-i', '1', '-f'])).stdout);
    expect(full.ok && full.value[0]?.domains.map((d) => d.name)).toEqual(['Domain-0', long]);
  });

  it('a paused guest shows p in xentop and neither r nor b', async () => {
    expect((await host.xl('pause', long)).code).toBe(0);
    const r = parseXentopBatch((await host.run('xentop', ['-b', '-i', '1', '-f'])).stdout);
    expect(r.ok && r.value[0]?.domains[1]?.stateText).toBe('----p-');
    expect((await host.xl('unpause', long)).code).toBe(0);
  });
});
