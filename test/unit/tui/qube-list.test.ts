import { describe, expect, it } from 'vitest';
import type { QubeRowView } from '../../../tui/console-api.js';
import { fitColumns, formatUptime, COLUMNS } from '../../../tui/qube-columns.js';
import { scrollTop, visibleQubes } from '../../../tui/qube-list.js';
import { sparkline } from '../../../tui/sparkline.js';
import { fit, printable } from '../../../tui/printable.js';

function qube(name: string, over: Partial<QubeRowView> = {}): QubeRowView {
  return { name, state: 'Running', klass: 'AppVM', label: 'red', template: 'fedora-40', netvm: 'sys-firewall', memMiB: 400, cpuPercent: 1, cpuHistory: [], vcpus: 2, uptimeSec: 60, ip: null, ...over };
}

const qubes = [
  qube('work', { memMiB: 4000, ip: '10.137.0.10', state: 'Halted', cpuPercent: null }),
  qube('personal', { memMiB: 800, ip: '10.137.0.9' }),
  qube('sys-net', { memMiB: 800, ip: null, state: 'Paused' }),
  qube('Vault', { memMiB: 300, ip: '10.137.0.100', state: 'Running' }),
];
const names = (list: QubeRowView[]) => list.map((q) => q.name);

describe('visibleQubes', () => {
  it('filters by name, ignoring case', () => {
    expect(names(visibleQubes(qubes, 'WOR', { key: 'name', descending: false }))).toEqual(['work']);
    expect(names(visibleQubes(qubes, 'n', { key: 'name', descending: false }))).toEqual(['personal', 'sys-net']);
  });

  it('sorts by a column with the name breaking ties, either way', () => {
    expect(names(visibleQubes(qubes, '', { key: 'mem', descending: true }))).toEqual(['work', 'personal', 'sys-net', 'Vault']);
    expect(names(visibleQubes(qubes, '', { key: 'mem', descending: false }))).toEqual(['Vault', 'personal', 'sys-net', 'work']);
  });

  it('sorts states from running to halted, IPs numerically, missing values last', () => {
    expect(names(visibleQubes(qubes, '', { key: 'state', descending: false }))).toEqual(['personal', 'Vault', 'sys-net', 'work']);
    expect(names(visibleQubes(qubes, '', { key: 'ip', descending: false }))).toEqual(['personal', 'work', 'Vault', 'sys-net']);
    expect(names(visibleQubes(qubes, '', { key: 'cpu', descending: false })).at(-1)).toBe('work');
  });

  it('gives the same order whatever it sorted before (it starts from its last order)', () => {
    const many = Array.from({ length: 300 }, (_, i) => qube(`q${(i * 7919) % 300}`, { memMiB: (i * 31) % 50, cpuPercent: i % 3 === 0 ? null : (i * 13) % 100 }));
    const sorted = (list: QubeRowView[], key: 'mem' | 'cpu' | 'name', descending: boolean) =>
      [...list].sort((a, b) => {
        const c = COLUMNS.find((col) => col.key === key)?.compare(a, b) ?? 0;
        return (descending ? -c : c) || a.name.localeCompare(b.name);
      });
    for (const [key, descending] of [['mem', true], ['cpu', false], ['name', true], ['mem', false], ['cpu', true]] as const) {
      // A changed value and a qube gone since the last call must not leave a stale order behind.
      const changed = many.map((q, i) => (i % 5 === 0 ? { ...q, memMiB: q.memMiB + 17 } : q)).slice(1);
      visibleQubes(many, 'q1', { key: 'name', descending: false });
      expect(names(visibleQubes(many, '', { key, descending }))).toEqual(names(sorted(many, key, descending)));
      expect(names(visibleQubes(changed, '', { key, descending }))).toEqual(names(sorted(changed, key, descending)));
    }
  });

  it('does not reorder its input', () => {
    const before = names(qubes);
    visibleQubes(qubes, '', { key: 'mem', descending: true });
    expect(names(qubes)).toEqual(before);
  });
});

describe('scrollTop', () => {
  it('keeps the window still while the cursor is inside it, and moves it as little as needed', () => {
    expect(scrollTop(0, 5, 10, 100)).toBe(0);
    expect(scrollTop(0, 10, 10, 100)).toBe(1);
    expect(scrollTop(50, 40, 10, 100)).toBe(40);
    expect(scrollTop(0, 99, 10, 100)).toBe(90);
    expect(scrollTop(95, 99, 10, 100)).toBe(90);
    expect(scrollTop(5, 2, 10, 4)).toBe(0);
  });
});

describe('columns', () => {
  it('drop the least needed first on a narrow terminal and widen NAME with what is left', () => {
    const narrow = fitColumns(76).map((c) => c.key);
    expect(narrow).toContain('name');
    expect(narrow).toContain('mem');
    expect(narrow).not.toContain('ip');
    const all = fitColumns(300);
    expect(all.map((c) => c.key)).toEqual(COLUMNS.map((c) => c.key));
    expect(all.find((c) => c.key === 'name')?.width).toBeGreaterThan(COLUMNS[0]?.width ?? 0);
    const used = (w: number) => fitColumns(w).reduce((sum, c) => sum + c.width, 0) + fitColumns(w).length - 1;
    for (const w of [76, 96, 116, 200]) expect(used(w)).toBeLessThanOrEqual(w);
  });

  it('format uptime compactly', () => {
    expect(formatUptime(null)).toBe('-');
    expect(formatUptime(65)).toBe('1m05s');
    expect(formatUptime(3 * 3600 + 7 * 60)).toBe('3h07m');
    expect(formatUptime(2 * 86400 + 5 * 3600)).toBe('2d05h');
  });
});

describe('sparkline', () => {
  const levels = ['1', '2', '3', '4', '5', '6', '7', '8'];
  it('draws the most recent values, right-aligned', () => {
    expect(sparkline([0, 50, 100], 5, levels)).toBe('  158');
    expect(sparkline([0, 10, 20, 30, 40, 50, 60, 70], 4, levels)).toBe('4556');
  });
  it('scales to the peak when several vCPUs pass 100%', () => {
    expect(sparkline([100, 200], 2, levels)).toBe('58');
  });
});

describe('printable', () => {
  it('drops control characters so text from a qube cannot drive the terminal', () => {
    expect(printable('a\u001b]52;c;aGk=\u0007b\r\nc\u009bd')).toBe('a ]52;c;aGk= b c d');
    expect(fit('abcdef', 4, '~')).toBe('abc~');
    expect(fit('ab', 4, '~', 'right')).toBe('  ab');
  });
});
