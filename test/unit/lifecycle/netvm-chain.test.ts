import { describe, expect, it } from 'vitest';
import type { QubeFacts } from '../../../services/lifecycle/lifecycle-ports.js';
import { runningDependents, startOrder } from '../../../services/lifecycle/netvm-chain.js';
import { alignedTable, rawData, sortRows, treeRows } from '../../../services/commands/qube-table-format.js';

function q(name: string, netvm: string | null, klass: QubeFacts['klass'] = 'AppVM'): QubeFacts {
  return {
    name, klass, netvm, label: 'red', template: null, memory: 400, maxmem: 4000, vcpus: 2, virtMode: 'pvh', kernel: null,
    kernelopts: '', ip: null, mac: '00:16:3e:5e:6c:00', autostart: false, templateForDispvms: false, defaultDispvm: null,
  };
}

const all = [q('dom0', null, 'AdminVM'), q('sys-net', null), q('sys-firewall', 'sys-net'), q('sys-whonix', 'sys-firewall'), q('anon', 'sys-whonix'), q('work', 'sys-firewall'), q('vault', null)];
const lookup = (n: string): QubeFacts | undefined => all.find((x) => x.name === n);

describe('netvm chain', () => {
  it('starts upstream first', () => {
    expect(startOrder('anon', lookup)).toEqual(['sys-net', 'sys-firewall', 'sys-whonix', 'anon']);
    expect(startOrder('vault', lookup)).toEqual(['vault']);
  });
  it('reports loops and dangling netvms instead of following them', () => {
    const loop = [q('a', 'b'), q('b', 'a')];
    expect(() => startOrder('a', (n) => loop.find((x) => x.name === n))).toThrow('netvm loop: a -> b -> a');
    expect(() => startOrder('x', (n) => (n === 'x' ? q('x', 'gone') : undefined))).toThrow('x has netvm gone, which does not exist');
  });
  it('stops the farthest downstream first, and only running qubes', () => {
    const running = new Set(['sys-net', 'sys-firewall', 'sys-whonix', 'anon', 'work']);
    expect(runningDependents('sys-net', all, (n) => running.has(n))).toEqual(['anon', 'sys-whonix', 'work', 'sys-firewall']);
    running.delete('anon');
    expect(runningDependents('sys-firewall', all, (n) => running.has(n))).toEqual(['sys-whonix', 'work']);
    expect(runningDependents('work', all, (n) => running.has(n))).toEqual([]);
  });
});

describe('ls table formats', () => {
  const rows = all.map((x) => ({ NAME: x.name, NETVM: x.netvm ?? '-', MEM: x.name === 'work' ? '800' : '400' }));
  it('aligns columns and prints "-" for empty cells', () => {
    expect(alignedTable(['NAME', 'NETVM'], rows.slice(0, 3))).toBe('NAME          NETVM\ndom0          -\nsys-net       -\nsys-firewall  sys-net\n');
  });
  it('prints raw data for scripts', () => {
    expect(rawData(['NAME', 'NETVM'], rows.slice(2, 4))).toBe('sys-firewall|sys-net\nsys-whonix|sys-firewall\n');
  });
  it('nests qubes under their netvm in tree mode', () => {
    expect(treeRows(rows).map((r) => r.NAME)).toEqual(['dom0', 'sys-net', '└─sys-firewall', '  └─sys-whonix', '    └─anon', '  └─work', 'vault']);
  });
  it('sorts numeric columns numerically', () => {
    expect(sortRows(rows, 'MEM', true)[0]?.NAME).toBe('work');
    expect(sortRows(rows, 'NAME').map((r) => r.NAME).slice(0, 2)).toEqual(['anon', 'dom0']);
  });
});
