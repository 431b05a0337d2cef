import { describe, expect, it } from 'vitest';
import { formatParseError, type Result } from '../../../xen-bridge/result.js';
import { parseXenstoreWatch } from '../../../xen-bridge/parsers/xenstore-watch-parser.js';
import { parseXentopBatch } from '../../../xen-bridge/parsers/xentop-parser.js';
import { parseXlBlockList } from '../../../xen-bridge/parsers/xl-block-list-parser.js';
import { parseXlChannelList } from '../../../xen-bridge/parsers/xl-channel-list-parser.js';
import { parseXlInfo } from '../../../xen-bridge/parsers/xl-info-parser.js';
import { parseXlListLong } from '../../../xen-bridge/parsers/xl-list-long-parser.js';
import { parseXlList } from '../../../xen-bridge/parsers/xl-list-parser.js';
import { parseXlNetworkList } from '../../../xen-bridge/parsers/xl-network-list-parser.js';
import { parseXlUptime } from '../../../xen-bridge/parsers/xl-uptime-parser.js';
import { parseXlVcpuList } from '../../../xen-bridge/parsers/xl-vcpu-list-parser.js';
import { formatOf, unparsedReason, type FormatName } from './sample-formats.js';
import { readSample, sampleIndex, sampleOut } from './xen-samples.js';

/** The value of a parse that must succeed; a failure shows the parser's own message. */
function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(formatParseError(r.error));
  return r.value;
}

describe('every captured output of a parsed format', () => {
  const parsed = sampleIndex.filter((e) => formatOf(e) !== null && readSample(e.stdout) !== '');

  it.each(parsed.map((e) => [e.name, e] as const))('%s parses', (_name, entry) => {
    const format = formatOf(entry);
    const result = format?.parse(readSample(entry.stdout));
    expect(result && !result.ok ? formatParseError(result.error) : 'ok').toBe('ok');
  });

  it('covers every command, and every parser has samples', () => {
    const unknown = sampleIndex.filter((e) => formatOf(e) === null && unparsedReason(e) === null).map((e) => e.command);
    expect(unknown).toEqual([]);
    const formats = new Set(parsed.map((e) => formatOf(e)?.format));
    const all: FormatName[] = [
      'xl list', 'xl list -l', 'xl info', 'xl vcpu-list', 'xl uptime',
      'xl network-list', 'xl block-list', 'xl channel-list', 'xentop -b', 'xenstore-watch',
    ];
    expect([...formats].sort()).toEqual([...all].sort());
    // Failed commands print nothing a parser could read, except the header some listings print first.
    const failedWithOutput = sampleIndex.filter((e) => e.exit_code !== 0 && readSample(e.stdout) !== '').map((e) => e.name);
    expect(failedWithOutput.every((n) => parsed.some((e) => e.name === n))).toBe(true);
  });
});

describe('xl list', () => {
  it('reads test1 with both domUs running', () => {
    const rows = value(parseXlList(sampleOut('xl-list')));
    expect(rows.map((r) => r.name)).toEqual(['Domain-0', 'test1', 'test2']);
    expect(rows[1]).toMatchObject({ name: 'test1', domid: 1, memoryMiB: 128, vcpus: 2, stateText: '-b----', cpuTimeSec: 10 });
    expect(rows[1]?.state).toEqual({ running: false, blocked: true, paused: false, shutdown: false, crashed: false, dying: false });
    expect(rows[0]).toMatchObject({ domid: 0, memoryMiB: 1024, cpuTimeSec: 120.1 });
    expect(rows[0]?.state.running).toBe(true);
  });

  it('sees a paused domain, a reboot\'s new domid and a mem/vcpu change', () => {
    expect(value(parseXlList(sampleOut('xl-list.test2-paused'))).find((r) => r.name === 'test2')?.state.paused).toBe(true);
    expect(value(parseXlList(sampleOut('xl-list.after-reboot'))).find((r) => r.name === 'test2')?.domid).toBe(3);
    expect(value(parseXlList(sampleOut('xl-list.after-mem-vcpu-set'))).find((r) => r.name === 'test1')).toMatchObject({ memoryMiB: 100, vcpus: 1 });
  });

  it('reads a name longer than its column, which pushes the row right as printf does', () => {
    const [header = '', , test1 = ''] = sampleOut('xl-list').split('\n');
    const long = 'a-qube-name-that-is-longer-than-forty-chars';
    const row = `${long} ${test1.slice(41)}`;
    expect(value(parseXlList(`${header}\n${row}\n`))).toMatchObject([{ name: long, domid: 1, memoryMiB: 128, vcpus: 2 }]);
    expect(parseXlList(`${header}\n${long}${test1.slice(41)}\n`).ok).toBe(false);
  });

  it('reads a name with a blank in it, which xl does not forbid', () => {
    const [header = '', , test1 = ''] = sampleOut('xl-list').split('\n');
    const rows = value(parseXlList(`${header}\n${test1.replace('test1', 'my vm')}\n`));
    expect(rows).toMatchObject([{ name: 'my vm', domid: 1, memoryMiB: 128 }]);
  });

  it('reads the extra columns of -v, -Z, -c, -n and xl claims', () => {
    expect(value(parseXlList(sampleOut('xl-list-v')))[1]).toMatchObject({
      uuid: '4516513d-205e-4fd9-8ccb-cf7be2bd5f23',
      reasonCode: '-',
      securityLabel: '-',
    });
    expect(value(parseXlList(sampleOut('xl-list-Z')))[2]).toMatchObject({ name: 'test2', securityLabel: '-', cpuTimeSec: 7.1 });
    expect(value(parseXlList(sampleOut('xl-list-Z')))[2]?.uuid).toBeUndefined();
    expect(value(parseXlList(sampleOut('xl-list-c'))).map((r) => r.cpupool)).toEqual(['Pool-0', 'Pool-0', 'Pool-0']);
    expect(value(parseXlList(sampleOut('xl-list-n'))).map((r) => r.nodeAffinity)).toEqual(['all', 'all', 'all']);
    expect(value(parseXlList(sampleOut('xl-claims'))).map((r) => r.claimedMiB)).toEqual([0, 0, 0]);
  });
});

describe('xl list -l', () => {
  it('takes the live domid, not the saved c_info.domid, and reads devices', () => {
    const [dom0, test1, test2] = value(parseXlListLong(sampleOut('xl-list-l')));
    expect(test1).toMatchObject({
      domid: 1,
      name: 'test1',
      uuid: '4516513d-205e-4fd9-8ccb-cf7be2bd5f23',
      type: 'pv',
      memoryMiB: 128,
      maxmemMiB: 256,
      vcpus: 2,
      kernel: '/var/lib/xenlab/domu/vmlinux',
      ramdisk: '/var/lib/xenlab/domu/initrd.gz',
      cmdline: 'console=hvc0 quiet',
    });
    expect(test1?.disks).toEqual([
      { target: '/var/lib/xenlab/domu/disk.img', vdev: 'xvda', format: 'raw', readonly: true, isCdrom: false, backend: undefined, backendDomain: undefined, script: undefined },
    ]);
    expect(test1?.nics).toMatchObject([{ devid: 0, mac: '00:16:3e:1f:db:5f', bridge: 'xenbr0', nictype: 'vif' }]);
    expect(test2).toMatchObject({ domid: 2, name: 'test2', vcpus: 1, maxmemMiB: 128, disks: [], nics: [] });
    expect(dom0).toMatchObject({ domid: 0, name: 'Domain-0', memoryMiB: 1024, maxmemMiB: 1024, disks: [], nics: [], channels: [] });
    expect(dom0?.vcpus).toBeUndefined();
  });

  it('reads `xl list -l NAME`, which is a one-element array too', () => {
    expect(value(parseXlListLong(sampleOut('xl-list-l.test1'))).map((d) => [d.domid, d.name])).toEqual([[1, 'test1']]);
    expect(value(parseXlListLong(sampleOut('xl-list-l.dom0-only'))).map((d) => d.name)).toEqual(['Domain-0']);
  });

  it('reads channels, usb controllers and usb devices from libxl\'s keyed unions', () => {
    const json = JSON.stringify([
      {
        domid: 7,
        config: {
          c_info: { type: 'hvm', name: 'usbvm' },
          channels: [
            { devid: 0, name: 'org.qubes.agent', 'connection.socket': { path: '/run/qtui/agent.sock' } },
            { devid: 1, name: 'console2', 'connection.pty': {} },
          ],
          disks: [{ pdev_path: '/dev/sr0', vdev: 'hdc', readwrite: 1, is_cdrom: 1, backend_domname: 'sys-usb' }],
          usbctrls: [{ type: 'pv', devid: 0, version: 2, ports: 8 }],
          usbdevs: [{ ctrl: 0, port: 1, 'type.hostdev': { hostbus: 3, hostaddr: 5 } }],
        },
      },
    ], null, 4);
    const [d] = value(parseXlListLong(`${json}\n`));
    expect(d?.channels).toEqual([
      { devid: 0, name: 'org.qubes.agent', connection: 'socket', path: '/run/qtui/agent.sock', backendDomain: undefined },
      { devid: 1, name: 'console2', connection: 'pty', path: undefined, backendDomain: undefined },
    ]);
    expect(d?.disks[0]).toMatchObject({ readonly: false, isCdrom: true, backendDomain: 'sys-usb' });
    expect(d?.usbctrls).toEqual([{ type: 'pv', devid: 0, version: 2, ports: 8, backendDomain: undefined }]);
    expect(d?.usbdevs).toEqual([{ ctrl: 0, port: 1, hostbus: 3, hostaddr: 5 }]);
    expect(d?.type).toBe('hvm');
  });
});

describe('xl info', () => {
  it('reads the figures and keeps every raw value, colons and trailing blanks included', () => {
    const info = value(parseXlInfo(sampleOut('xl-info')));
    expect(info).toMatchObject({ host: 'dom0', nrCpus: 2, totalMemoryMiB: 3071, freeMemoryMiB: 2014, xenVersion: '4.17.7', scheduler: 'credit2' });
    expect(info.raw.hw_caps).toBe('1fcbf3fd:f6d8320b:ec500800:00000077:00000005:01884329:0000020c:00000000');
    expect(info.raw.xen_caps).toBe('xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ');
    expect(info.raw.xen_changeset).toBe('');
    expect(info.raw.xen_commandline).toContain('dom0_mem=1024M,max:1024M');
    expect(info.cpuTopology).toBeUndefined();
    expect(value(parseXlInfo(sampleOut('xl-info.with-domus'))).freeMemoryMiB).toBe(1758);
  });

  it('reads the tables of `xl info -n`', () => {
    const info = value(parseXlInfo(sampleOut('xl-info-n')));
    expect(info.cpuTopology).toEqual([
      { cpu: 0, core: 0, socket: 0, node: 0 },
      { cpu: 1, core: 1, socket: 0, node: 0 },
    ]);
    expect(info.deviceTopology).toBeUndefined();
    expect(info.numaInfo).toEqual([{ node: 0, memsizeMiB: 3071, memfreeMiB: 2014, distances: [10] }]);
    expect(info.freeMemoryMiB).toBe(2014);
  });
});

describe('xl vcpu-list', () => {
  it('reads every vCPU', () => {
    const rows = value(parseXlVcpuList(sampleOut('xl-vcpu-list')));
    expect(rows).toHaveLength(5);
    expect(rows[3]).toEqual({
      name: 'test1', domid: 1, vcpu: 1, cpu: 0, stateText: '-b-', online: true, timeSec: 3.4,
      affinity: 'all / all', hardAffinity: 'all', softAffinity: 'all',
    });
    expect(rows[0]?.stateText).toBe('r--');
  });

  it('reads an offline vCPU the way xl prints it', () => {
    const text = `${sampleOut('xl-vcpu-list.test1').split('\n')[0]}\n${'test1'.padEnd(32)}     1     1    -   --p       0.0  0-1 / all\n`;
    expect(value(parseXlVcpuList(text))).toMatchObject([{ vcpu: 1, cpu: null, online: false, stateText: '--p', hardAffinity: '0-1' }]);
  });
});

describe('xl uptime', () => {
  it('reads the long form to the second', () => {
    expect(value(parseXlUptime(sampleOut('xl-uptime')))).toEqual([
      { name: 'Domain-0', domid: 0, uptimeSec: 92 },
      { name: 'test1', domid: 1, uptimeSec: 34 },
      { name: 'test2', domid: 2, uptimeSec: 23 },
    ]);
    expect(value(parseXlUptime(sampleOut('xl-uptime.final')))).toEqual([{ name: 'Domain-0', domid: 0, uptimeSec: 185 }]);
  });

  it('reads the short form to the minute', () => {
    expect(value(parseXlUptime(sampleOut('xl-uptime-s'))).map((e) => [e.name, e.domid, e.uptimeSec])).toEqual([
      ['Domain-0', 0, 60],
      ['test1', 1, 0],
      ['test2', 2, 0],
    ]);
  });

  it('reads days in both forms', () => {
    const header = sampleOut('xl-uptime').split('\n')[0];
    const long = `${header}\n${'sys-net'.padEnd(33)}   12 1 day,  3:04:05\n${'work'.padEnd(33)}   13 12 days, 23:59:59\n`;
    expect(value(parseXlUptime(long)).map((e) => e.uptimeSec)).toEqual([86400 + 3 * 3600 + 4 * 60 + 5, 12 * 86400 + 86399]);
    const short = ' 10:00:00 up 2 days, 10:07, work (13)\n';
    expect(value(parseXlUptime(short))).toEqual([{ name: 'work', domid: 13, uptimeSec: 2 * 86400 + 10 * 3600 + 7 * 60 }]);
    expect(parseXlUptime(' 10:00:00 up 1 days, 10:07, work (13)\n').ok).toBe(false);
  });
});

describe('device lists', () => {
  it('reads xl network-list', () => {
    expect(value(parseXlNetworkList(sampleOut('xl-network-list.test1')))).toEqual([
      { idx: 0, backendId: 0, mac: '00:16:3e:1f:db:5f', handle: 0, state: 4, evtch: -1, txRingRef: -1, rxRingRef: -1, backendPath: '/local/domain/0/backend/vif/1/0' },
    ]);
    expect(value(parseXlNetworkList(sampleOut('xl-network-list.test2-attached')))).toMatchObject([{ mac: '00:16:3e:3d:de:ff', txRingRef: 520, rxRingRef: 521 }]);
    expect(value(parseXlNetworkList(sampleOut('xl-network-list.test2-none')))).toEqual([]);
  });

  it('reads xl block-list', () => {
    expect(value(parseXlBlockList(sampleOut('xl-block-list.test1')))).toEqual([
      { vdev: 51712, backendId: 0, handle: 1, state: 4, evtch: -1, ringRef: -1, backendPath: '/local/domain/0/backend/vbd/1/51712' },
    ]);
    expect(value(parseXlBlockList(sampleOut('xl-block-list.test2-attached')))).toMatchObject([{ vdev: 51728, handle: 2, evtch: 8, ringRef: 521 }]);
    expect(value(parseXlBlockList(sampleOut('xl-block-list.test2-none')))).toEqual([]);
  });

  it('reads xl channel-list rows in the layout of xl_console.c', () => {
    const header = sampleOut('xl-channel-list.test1');
    expect(value(parseXlChannelList(header))).toEqual([]);
    const rows = `${header}0   0  4     8      9        pty        ${'/dev/pts/3'.padEnd(30)} \n1   0  4     10     11       socket     \n`;
    expect(value(parseXlChannelList(rows))).toEqual([
      { idx: 0, backendId: 0, state: 4, evtch: 8, ringRef: 9, connection: 'pty', ptyPath: '/dev/pts/3' },
      { idx: 1, backendId: 0, state: 4, evtch: 10, ringRef: 11, connection: 'socket' },
    ]);
    expect(parseXlChannelList(`${header}1   0  4     10     11       socket     /x\n`).ok).toBe(false);
  });
});

describe('xentop -b', () => {
  it('reads two iterations; the first has no interval for CPU(%)', () => {
    const samples = value(parseXentopBatch(sampleOut('xentop-b-i2')));
    expect(samples).toHaveLength(2);
    expect(samples.map((s) => s.domains.map((d) => d.name))).toEqual([
      ['Domain-0', 'test1', 'test2'],
      ['Domain-0', 'test1', 'test2'],
    ]);
    expect(samples[0]?.domains[0]?.cpuPercent).toBe(0);
    expect(samples[1]?.domains[0]).toMatchObject({ cpuPercent: 13, cpuSec: 136, memKiB: 1048576, memPercent: 33.3, maxmemKiB: 1048576, vcpus: 2 });
    expect(samples[1]?.domains[1]).toMatchObject({
      name: 'test1', stateText: '--b---', nets: 1, vbds: 1, vbdRd: 3, vbdRsect: 24, maxmemKiB: 132096, maxmemPercent: 4.2, ssid: 0,
    });
    expect(samples[1]?.domains[1]?.netDevices).toBeUndefined();
  });

  it('reads the vCPU, network and VBD lines of -v -n -x with -r headers as one iteration', () => {
    const [sample, ...more] = value(parseXentopBatch(sampleOut('xentop-b-i1-full'), { repeatedHeaders: true }));
    expect(more).toEqual([]);
    const [dom0, test1, test2] = sample?.domains ?? [];
    expect(dom0?.vcpuSecs).toEqual([{ vcpu: 0, sec: 71 }, { vcpu: 1, sec: 64 }]);
    expect(test1?.netDevices).toEqual([{ idx: 0, rxBytes: 544, rxPkts: 8, rxErr: 0, rxDrop: 0, txBytes: 836, txPkts: 10, txErr: 0, txDrop: 0 }]);
    expect(test1?.vbdDevices).toEqual([{ type: 'BlkBack', dev: 51712, oo: 0, rd: 3, wr: 0, rsect: 24, wsect: 0 }]);
    expect(test2?.vcpuSecs).toEqual([{ vcpu: 0, sec: 7 }]);
    expect(test2?.netDevices).toBeUndefined();
  });

  it('reads a name with a blank in it', () => {
    const [header = '', , test1 = ''] = sampleOut('xentop-b-i2').split('\n');
    const [sample] = value(parseXentopBatch(`${header}\n${test1.replace('test1', 'my vm')}\n`));
    expect(sample?.domains).toMatchObject([{ name: 'my vm', stateText: '--b---', cpuSec: 10 }]);
  });

  it('reads "no limit", n/a, wider columns and continued vCPU lines', () => {
    const header = ['NAME', 'STATE', 'CPU(sec)', 'CPU(%)', 'MEM(k)', 'MEM(%)', 'MAXMEM(k)', 'MAXMEM(%)', 'VCPUS', 'NETS', 'NETTX(k)', 'NETRX(k)', 'VBDS', 'VBD_OO', 'VBD_RD', 'VBD_WR', 'VBD_RSECT', 'VBD_WSECT', 'SSID'];
    const widths = [14, 6, 10, 6, 10, 6, 10, 9, 5, 4, 9, 8, 4, 8, 8, 8, 10, 10, 4];
    const row = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' ');
    const text = [
      row(header),
      row(['Domain-0', '-----r', '136', '0.0', '1048576', '33.3', 'no limit', 'n/a', '6', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0']),
      `VCPUs(sec): ${[0, 1, 2, 3, 4].map((i) => ` ${String(i).padStart(2)}: ${'9'.padStart(10)}s`).join('')}`,
      `        ${` ${' 5'}: ${'12'.padStart(10)}s`}`,
      row(['sys-firewall', '--b---', '10', '1.5', '131072', '4.2', '132096', '4.2', '1', '1', '123456789', '0', '0', '0', '0', '0', '0', '0', '0']),
      '',
    ].join('\n');
    const [sample] = value(parseXentopBatch(text));
    expect(sample?.domains[0]).toMatchObject({ maxmemKiB: null, maxmemPercent: null, vcpus: 6 });
    expect(sample?.domains[0]?.vcpuSecs?.map((v) => v.vcpu)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sample?.domains[1]).toMatchObject({ name: 'sys-firewall', netTxKiB: 123456789, cpuPercent: 1.5 });
  });
});

describe('xenstore-watch', () => {
  it('splits the watch logs into fired paths', () => {
    const intro = value(parseXenstoreWatch(sampleOut('xenstore-watch.introduceDomain')));
    expect(intro.paths.length).toBeGreaterThanOrEqual(2);
    expect(new Set(intro.paths)).toEqual(new Set(['@introduceDomain']));
    expect(intro.rest).toBe('');
    const release = value(parseXenstoreWatch(sampleOut('xenstore-watch.releaseDomain')));
    expect(new Set(release.paths)).toEqual(new Set(['@releaseDomain']));
    const local = value(parseXenstoreWatch(sampleOut('xenstore-watch.local-domain')));
    expect(local.paths[0]).toBe('/local/domain');
    expect(local.paths).toContain('/local/domain/1/name');
    // The log was cut with head -c: the last line is incomplete and held back.
    expect(local.rest).toBe('/');
  });
});
