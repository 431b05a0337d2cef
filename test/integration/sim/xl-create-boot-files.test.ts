/**
 * The simulated host's /boot, and `xl create` opening the kernel and ramdisk
 * a config names as real xl does: a missing file fails the create with the
 * real libxl text (err.xl-create.bad-kernel), consumes a domid, and leaves
 * no domain behind.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { readSample, sampleEntry } from '../../unit/parsers/xen-samples.js';

let host: SimXenHost;

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
}, 180_000);

afterAll(async () => {
  await host?.teardown();
});

const withoutDomids = (text: string): string => text.replace(/Domain \d+:/g, 'Domain N:').replace(/^Parsing config from .*$/m, 'Parsing config from CFG');

describe('xl create and the boot files', () => {
  it('the host comes up with a kernel and an initrd, and a guest boots from them', async () => {
    const created = await host.xl('create', host.writeConfig('booted', { extra: [`ramdisk = "${host.boot.ramdisk}"`] }));
    expect(created).toEqual({ code: 0, stdout: '', stderr: expect.stringMatching(/^Parsing config from .*booted\.cfg\n$/) as string });
    expect(readFileSync(host.boot.kernel, 'utf8')).toContain('kernel');
    expect(readFileSync(host.boot.ramdisk, 'utf8')).toContain('initrd');
    expect((await host.xl('list', 'booted')).code).toBe(0);
  });

  it('a kernel that does not exist fails as real xl does, and takes a domid', async () => {
    const entry = sampleEntry('err.xl-create.bad-kernel');
    const before = host.domids();
    const cfg = host.writeConfig('badkernel', { extra: ['kernel = "/nonexistent/vmlinux"'] });
    const got = await host.xl('create', cfg);
    expect(got.code).toBe(entry.exit_code);
    expect(got.stdout).toBe(readSample(entry.stdout));
    expect(withoutDomids(got.stderr)).toBe(withoutDomids(readSample(entry.stderr)));
    expect(host.domids()).toEqual(before);
    expect((await host.xl('list', 'badkernel')).code).toBe(1);
    const next = host.writeConfig('after', {});
    expect((await host.xl('create', next)).code).toBe(0);
    const [failedDomid] = /Domain (\d+):/.exec(got.stderr)?.slice(1).map(Number) ?? [];
    expect(Math.max(...host.domids())).toBe((failedDomid ?? 0) + 1);
  });

  it('a ramdisk that does not exist fails at the ramdisk step', async () => {
    const missing = `${host.dir}/boot/no-initrd.img`;
    const got = await host.xl('create', host.writeConfig('badramdisk', { extra: [`ramdisk = "${missing}"`] }));
    expect(got.code).toBe(3);
    expect(got.stderr).toContain(`xc: error: panic: xg_dom_core.c:205: failed to open file '${missing}': No such file or directory: Internal error\n`);
    expect(got.stderr).toContain('libxl: error: libxl_dom.c:659:libxl__build_pv: xc_dom_ramdisk_file failed: No such file or directory\n');
    expect((await host.xl('list', 'badramdisk')).code).toBe(1);
  });

  it('a kernel removed from /boot after the host came up is missed too', async () => {
    rmSync(host.boot.kernel);
    const got = await host.xl('create', host.writeConfig('gone'));
    expect(got.code).toBe(3);
    expect(got.stderr).toContain(`failed to open file '${host.boot.kernel}': No such file or directory`);
  });
});
