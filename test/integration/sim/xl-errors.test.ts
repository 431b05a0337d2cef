/**
 * Every failure the samples captured from real xl 4.17, reproduced on the
 * simulated host: the same stderr (stdout too), the same exit code. Where
 * the real text names a domid or a config path of the lab, that part is
 * compared in normalized form.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { readSample, sampleEntry } from '../../unit/parsers/xen-samples.js';

let host: SimXenHost;
let minCfg: string;
let test1Cfg: string;

/** The lab's domids and config paths differ from ours; everything else must not. */
function normalize(text: string): string {
  return text
    .replace(/Domain \d+:/g, 'Domain N:')
    .replace(/\/libxl\/\d+\//g, '/libxl/N/')
    .replace(/^Parsing config from .*$/gm, 'Parsing config from CFG')
    .replace(/^\S+\.cfg:\d+:/gm, 'CFG:L:');
}

async function expectLikeSample(sample: string, args: string[], exact = true): Promise<void> {
  const entry = sampleEntry(sample);
  const got = await host.xl(...args);
  const want = { code: entry.exit_code, stdout: readSample(entry.stdout), stderr: readSample(entry.stderr) };
  if (exact) expect(got, sample).toEqual(want);
  else expect({ ...got, stderr: normalize(got.stderr) }, sample).toEqual({ ...want, stderr: normalize(want.stderr) });
}

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
  test1Cfg = host.writeConfig('test1', { memory: 128, vcpus: 2 });
  expect((await host.xl('create', test1Cfg)).code).toBe(0);
  minCfg = host.writeConfig('test2', { memory: 128 });
  expect((await host.xl('create', minCfg)).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await host?.teardown();
});

describe('simulated xl errors are real xl errors', () => {
  it.each([
    ['err.xl-destroy.nosuchdomain', ['destroy', 'nosuchdomain']],
    ['err.xl-destroy.9999', ['destroy', '9999']],
    ['err.xl-destroy.dom0', ['destroy', '0']],
    ['err.xl-pause.9999', ['pause', '9999']],
    ['err.xl-unpause.nosuchdomain', ['unpause', 'nosuchdomain']],
    ['err.xl-shutdown.nosuchdomain', ['shutdown', 'nosuchdomain']],
    ['err.xl-reboot.nosuchdomain', ['reboot', 'nosuchdomain']],
    ['err.xl-list.nosuchdomain', ['list', 'nosuchdomain']],
    ['err.xl-list-l.nosuchdomain', ['list', '-l', 'nosuchdomain']],
    ['err.xl-console.nosuchdomain', ['console', 'nosuchdomain']],
    ['err.xl-vcpu-list.nosuchdomain', ['vcpu-list', 'nosuchdomain']],
    ['err.xl-network-list.nosuchdomain', ['network-list', 'nosuchdomain']],
    ['err.xl-uptime.nosuchdomain', ['uptime', 'nosuchdomain']],
    ['err.xl-domid.nosuchdomain', ['domid', 'nosuchdomain']],
    ['err.xl-domname.9999', ['domname', '9999']],
    ['err.xl-mem-set.bad-value', ['mem-set', 'test1', 'abc']],
    ['err.xl-unknown-subcommand', ['frobnicate']],
    ['err.xl-list.bad-option', ['list', '--bogus']],
    ['err.xl-create.no-such-file', ['create', '/nonexistent.cfg']],
    ['err.xl-sched-credit2-d.nosuchdomain', ['sched-credit2', '-d', 'nosuchdomain']],
  ])('%s', async (sample, args) => {
    await expectLikeSample(sample, args);
  });

  it.each([
    ['err.xl-network-detach.bad-devid', ['network-detach', 'test2', '7']],
    ['err.xl-block-detach.bad-vdev', ['block-detach', 'test2', 'xvdz']],
    ['err.xl-rename.to-existing', ['rename', 'test2', 'test1']],
  ])('%s (domid normalized)', async (sample, args) => {
    await expectLikeSample(sample, args, false);
  });

  it('a bad domain name is reported before a bad memory size, as real xl looks the domain up first', async () => {
    expect(await host.xl('mem-set', 'nosuchdomain', 'abc')).toEqual({ code: 1, stdout: '', stderr: 'nosuchdomain is an invalid domain identifier (rc=-6)\n' });
  });

  it('create of an existing name fails like real xl and still consumes a domid', async () => {
    const before = await host.xl('domid', 'test2');
    await expectLikeSample('err.xl-create.name-exists', ['create', test1Cfg], false);
    const again = await host.xl('create', test1Cfg);
    const consumed = [...again.stderr.matchAll(/Domain (\d+):/g)].map((m) => Number(m[1]));
    expect(consumed[0]).toBeGreaterThan(Number(before.stdout) + 1);
    expect(host.domids()).toEqual([1, 2]);
  });

  it('create beyond free memory fails with the out-of-memory errors', async () => {
    await expectLikeSample('err.xl-create.too-much-mem', ['create', minCfg, 'name="huge"', 'memory=100000'], false);
    expect((await host.xl('list', 'huge')).code).toBe(1);
  });

  it('config errors: syntax, override without quotes, no kernel', async () => {
    const badSyntax = join(host.dir, 'bad-syntax.cfg');
    writeFileSync(badSyntax, 'name = "bad"\nmemory = 64\nkernel = /no/quotes\n');
    await expectLikeSample('err.xl-create.bad-syntax', ['create', badSyntax], false);
    await expectLikeSample('err.xl-create.bad-override', ['create', minCfg, 'kernel=/unquoted/path'], false);
    const noKernel = join(host.dir, 'bad-nokernel.cfg');
    writeFileSync(noKernel, 'name = "nokernel"\nmemory = 64\n');
    await expectLikeSample('err.xl-create.no-kernel', ['create', noKernel], false);
  });
});
