import { describe, expect, it } from 'vitest';
import type { QubeRowView } from '../../../tui/console-api.js';
import { glyphsFor } from '../../../tui/glyphs.js';
import { tableRows } from '../../../tui/qube-tree.js';

function qube(name: string, template: string | null, netvm: string | null): QubeRowView {
  return { name, state: 'Halted', klass: 'AppVM', label: 'red', template, netvm, memMiB: 0, cpuPercent: null, cpuHistory: [], vcpus: 1, uptimeSec: null, ip: null };
}

// Already in the table's sort order (by name).
const qubes = [
  qube('debian-12', null, null),
  qube('dom0', null, null),
  qube('fedora-40', null, null),
  qube('personal', 'fedora-40', 'sys-firewall'),
  qube('sys-firewall', 'fedora-40', 'sys-net'),
  qube('sys-net', 'debian-12', null),
  qube('work', 'fedora-40', 'sys-firewall'),
];
const draw = (rows: ReturnType<typeof tableRows>) => rows.map((r) => r.indent + r.qube.name);

describe('tableRows', () => {
  it('keeps the sorted list as it is with the tree off', () => {
    expect(draw(tableRows(qubes, 'off', glyphsFor(false)))).toEqual(qubes.map((q) => q.name));
  });

  it('puts qubes under their template, in sort order', () => {
    expect(draw(tableRows(qubes, 'template', glyphsFor(false)))).toEqual([
      'debian-12',
      '└─sys-net',
      'dom0',
      'fedora-40',
      '├─personal',
      '├─sys-firewall',
      '└─work',
    ]);
  });

  it('follows netvm chains to any depth, in ASCII on the Linux console', () => {
    expect(draw(tableRows(qubes, 'netvm', glyphsFor(true)))).toEqual([
      'debian-12',
      'dom0',
      'fedora-40',
      'sys-net',
      '`-sys-firewall',
      '  |-personal',
      '  `-work',
    ]);
  });

  it('puts a qube whose parent is filtered out at the top, and survives a loop', () => {
    const visible = qubes.filter((q) => q.name !== 'sys-net');
    expect(draw(tableRows(visible, 'netvm', glyphsFor(false))).slice(3)).toEqual(['sys-firewall', '├─personal', '└─work']);
    const loop = [qube('a', null, 'b'), qube('b', null, 'a')];
    expect(draw(tableRows(loop, 'netvm', glyphsFor(false))).map((s) => s.replace(/\W/g, '')).sort()).toEqual(['a', 'b']);
  });
});
