/**
 * The simulated host's output against real Xen 4.17: headers and fixed text
 * byte for byte with the captured samples, and every table parsed back by
 * xen-bridge's own parsers (the ones the daemon uses on a real host).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { sampleOut } from '../../unit/parsers/xen-samples.js';
import { parseXlList } from '../../../xen-bridge/parsers/xl-list-parser.js';
import { parseXlListLong } from '../../../xen-bridge/parsers/xl-list-long-parser.js';
import { parseXlInfo } from '../../../xen-bridge/parsers/xl-info-parser.js';
import { parseXlVcpuList } from '../../../xen-bridge/parsers/xl-vcpu-list-parser.js';
import { parseXlUptime } from '../../../xen-bridge/parsers/xl-uptime-parser.js';
import { parseXlNetworkList } from '../../../xen-bridge/parsers/xl-network-list-parser.js';
import { parseXlBlockList } from '../../../xen-bridge/parsers/xl-block-list-parser.js';
import { parseXlChannelList } from '../../../xen-bridge/parsers/xl-channel-list-parser.js';
import { parseXentopBatch } from '../../../xen-bridge/parsers/xentop-parser.js';
import type { Result } from '../../../xen-bridge/result.js';

let host: SimXenHost;

function firstLine(text: string): string {
  return text.slice(0, text.indexOf('\n') + 1);
}

function parsed<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Every key path of a JSON value in document order, e.g. "config.b_info.max_vcpus". */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.length > 0 ? keyPaths(v[0], `${prefix}[]`) : [];
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [`${prefix}${k}`, ...keyPaths(x, `${prefix}${k}.`)]);
}

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create({ hostMemMiB: 3071 });
  // The lab's two guests: test1 like xenlab-full.cfg, test2 like xenlab-min.cfg.
  const full = host.writeConfig('test1', {
    memory: 128,
    maxmem: 256,
    vcpus: 2,
    extra: [
      // The lab's guest boots /var/lib/xenlab/domu/initrd.gz; here the host's own, since xl opens it.
      `ramdisk = "${host.boot.ramdisk}"`,
      'extra = "console=hvc0 quiet"',
      "vif = [ 'bridge=xenbr0' ]",
      "disk = [ 'format=raw,vdev=xvda,access=ro,target=/var/lib/xenlab/domu/disk.img' ]",
    ],
  });
  expect(await host.xl('create', full)).toEqual({ code: 0, stdout: '', stderr: `Parsing config from ${full}\n` });
  expect((await host.xl('create', host.writeConfig('test2', { memory: 128 }))).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await host?.teardown();
});

describe('simulated xl output formats', () => {
  it('xl list: sample header, rows parse, Domain-0 first with the host CPU count', async () => {
    const { code, stdout } = await host.xl('list');
    expect(code).toBe(0);
    expect(firstLine(stdout)).toBe(firstLine(sampleOut('xl-list')));
    const rows = parsed(parseXlList(stdout));
    expect(rows.map((r) => [r.name, r.domid, r.memoryMiB])).toEqual([
      ['Domain-0', 0, 1024],
      ['test1', 1, 128],
      ['test2', 2, 128],
    ]);
    expect(rows[0]?.stateText).toBe('r-----');
    expect(rows[1]?.vcpus).toBe(2);
    expect(rows[2]?.state.running || rows[2]?.state.blocked).toBe(true);
  });

  it('xl list -v / -Z / -n / -c: sample headers, rows parse', async () => {
    for (const [flag, sample] of [
      ['-v', 'xl-list-v'],
      ['-Z', 'xl-list-Z'],
      ['-n', 'xl-list-n'],
      ['-c', 'xl-list-c'],
    ] as const) {
      const { stdout } = await host.xl('list', flag);
      expect(firstLine(stdout), flag).toBe(firstLine(sampleOut(sample)));
      expect(parsed(parseXlList(stdout)), flag).toHaveLength(3);
    }
    const verbose = parsed(parseXlList((await host.xl('list', '-v')).stdout));
    expect(verbose[0]?.uuid).toBe('00000000-0000-0000-0000-000000000000');
    expect(verbose[1]?.uuid).toMatch(/^[0-9a-f]{8}-/);
  });

  it('xl list -l: same JSON layout and key order as the real samples', async () => {
    const { stdout } = await host.xl('list', '-l');
    const domains = parsed(parseXlListLong(stdout));
    expect(domains.map((d) => [d.domid, d.name])).toEqual([
      [0, 'Domain-0'],
      [1, 'test1'],
      [2, 'test2'],
    ]);
    expect(domains[1]?.nics[0]?.bridge).toBe('xenbr0');
    expect(domains[1]?.disks[0]).toMatchObject({ target: '/var/lib/xenlab/domu/disk.img', vdev: 'xvda', readonly: true });
    // Domain-0 is byte for byte the real one (same memory); test1 has the real key paths in the real order.
    const dom0Only = (await host.xl('list', '-l', '0')).stdout;
    expect(dom0Only).toBe(sampleOut('xl-list-l.dom0-only'));
    const real = JSON.parse(sampleOut('xl-list-l.test1')) as unknown;
    const ours = JSON.parse((await host.xl('list', '-l', 'test1')).stdout) as unknown;
    expect(keyPaths(ours)).toEqual(keyPaths(real));
    // The text layout (yajl's indentation, empty objects) is the real one, apart from values.
    const shape = (s: string): string => s.replace(/: ("[^"]*"|\d+)/g, ': V').replace(/^( +)\d+,?$/gm, '$1N');
    expect(shape((await host.xl('list', '-l', 'test1')).stdout).replace(/"[0-9a-f-]{36}"/g, 'V')).toBe(shape(sampleOut('xl-list-l.test1')));
  });

  it('xl info and info -n: the real keys in the real order, parsed', async () => {
    const keys = (s: string): string[] => s.split('\n').filter((l) => / : /.test(l) || l.endsWith(':')).map((l) => l.slice(0, 23));
    for (const [args, sample] of [
      [[], 'xl-info'],
      [['-n'], 'xl-info-n'],
    ] as const) {
      const { stdout } = await host.xl('info', ...args);
      expect(keys(stdout)).toEqual(keys(sampleOut(sample)));
      const info = parsed(parseXlInfo(stdout));
      expect(info.totalMemoryMiB).toBe(3071);
      expect(info.freeMemoryMiB).toBe(3071 - 1024 - 33 - 256);
    }
  });

  it('xl vcpu-list, uptime, uptime -s: sample headers, rows parse', async () => {
    const vcpus = (await host.xl('vcpu-list')).stdout;
    expect(firstLine(vcpus)).toBe(firstLine(sampleOut('xl-vcpu-list')));
    const rows = parsed(parseXlVcpuList(vcpus));
    expect(rows.filter((r) => r.name === 'test1').map((r) => r.vcpu)).toEqual([0, 1]);
    const uptime = (await host.xl('uptime')).stdout;
    expect(firstLine(uptime)).toBe(firstLine(sampleOut('xl-uptime')));
    expect(parsed(parseXlUptime(uptime)).map((e) => e.name)).toEqual(['Domain-0', 'test1', 'test2']);
    const short = (await host.xl('uptime', '-s')).stdout.split('\n');
    expect(short[1]).toMatch(/^ \d\d:\d\d:\d\d up {2}0:00, test1 \(1\)$/);
  });

  it('xl network-list, block-list, channel-list: sample headers, rows parse', async () => {
    const net = (await host.xl('network-list', 'test1')).stdout;
    expect(firstLine(net)).toBe(firstLine(sampleOut('xl-network-list.test1')));
    expect(parsed(parseXlNetworkList(net))).toMatchObject([{ idx: 0, backendId: 0, backendPath: '/local/domain/0/backend/vif/1/0' }]);
    expect((await host.xl('network-list', 'test2')).stdout).toBe(sampleOut('xl-network-list.test2-none'));
    const block = (await host.xl('block-list', 'test1')).stdout;
    expect(block).toBe(sampleOut('xl-block-list.test1'));
    expect(parsed(parseXlBlockList(block))).toMatchObject([{ vdev: 51712, backendId: 0 }]);
    expect((await host.xl('block-list', 'test2')).stdout).toBe(sampleOut('xl-block-list.test2-none'));
    const channels = (await host.xl('channel-list', 'test1')).stdout;
    expect(channels).toBe(sampleOut('xl-channel-list.test1'));
    expect(parsed(parseXlChannelList(channels))).toEqual([]);
  });

  it('xentop -b -i 2: sample header, two iterations, CPU% only from the second', async () => {
    const { code, stdout } = await host.run('xentop', ['-b', '-i', '2', '-d', '0.2']);
    expect(code).toBe(0);
    expect(firstLine(stdout)).toBe(firstLine(sampleOut('xentop-b-i2')));
    const samples = parsed(parseXentopBatch(stdout));
    expect(samples).toHaveLength(2);
    expect(samples[1]?.domains.map((d) => d.name)).toEqual(['Domain-0', 'test1', 'test2']);
    expect(samples[0]?.domains.map((d) => d.cpuPercent)).toEqual([0, 0, 0]);
    expect(samples[0]?.domains[1]).toMatchObject({ memKiB: 131072, vcpus: 2, nets: 1, vbds: 1 });
  });

  it('xentop -b -i 1 -f -n -v -x -r: the full sample layout', async () => {
    const { stdout } = await host.run('xentop', ['-b', '-i', '1', '-f', '-n', '-v', '-x', '-r']);
    // Apart from the figures (each number replaced by a 0 of the same width), the capture itself.
    const layout = (s: string): string => s.replace(/\d+/g, (n) => '0'.padStart(n.length)).replace(/[rb](?=-* )/g, 'x');
    expect(layout(stdout)).toBe(layout(sampleOut('xentop-b-i1-full')));
    expect(parsed(parseXentopBatch(stdout, { repeatedHeaders: true }))[0]?.domains).toHaveLength(3);
  });

  it('xl vm-list matches the sample apart from UUIDs; xl top without a terminal says so and exits 0', async () => {
    const uuids = (s: string): string => s.replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gm, 'UUID');
    expect(uuids((await host.xl('vm-list')).stdout)).toBe(uuids(sampleOut('xl-vm-list')));
    expect(await host.xl('top')).toEqual({ code: 0, stdout: '', stderr: 'Error opening terminal: unknown.\n' });
  });

  it('xl sched-credit2, sched-credit, claims, cpupool-list: the samples', async () => {
    expect((await host.xl('sched-credit2')).stdout).toBe(sampleOut('xl-sched-credit2'));
    expect((await host.xl('sched-credit2', '-d', 'test1')).stdout).toBe(sampleOut('xl-sched-credit2-d.test1'));
    expect((await host.xl('sched-credit2', '-s')).stdout).toBe(sampleOut('xl-sched-credit2-s'));
    expect(await host.xl('sched-credit')).toEqual({ code: 0, stdout: sampleOut('xl-sched-credit'), stderr: '' });
    const claims = (await host.xl('claims')).stdout;
    expect(firstLine(claims)).toBe(firstLine(sampleOut('xl-claims')));
    expect(parsed(parseXlList(claims))).toHaveLength(3);
    // The lab had 2 CPUs; the simulated host reports this machine's.
    const cpus = Number(parsed(parseXlInfo((await host.xl('info')).stdout)).nrCpus);
    expect((await host.xl('cpupool-list')).stdout).toBe(sampleOut('xl-cpupool-list').replace(/^(Pool-0 +) 2/m, `$1${String(cpus).padStart(2)}`));
    expect((await host.xl('cpupool-list', '-c')).stdout).toBe(sampleOut('xl-cpupool-list-c').replace('0,1', Array.from({ length: cpus }, (_, i) => i).join(',')));
  });

  it('xl help and xl list --help are the real texts', async () => {
    expect(await host.xl('help')).toEqual({ code: 0, stdout: sampleOut('xl-help'), stderr: '' });
    expect(await host.xl('list', '--help')).toEqual({ code: 0, stdout: sampleOut('xl-list-help'), stderr: '' });
  });
});
