import { describe, expect, it } from 'vitest';
import type { PropValue } from '../../../services/registry/property-types.js';
import { LABELS } from '../../../services/registry/labels.js';
import { QUBE_PROPERTIES } from '../../../services/registry/qube-properties.js';
import { seedRegistry } from '../../../services/registry/seed.js';
import { expectRegistryError } from './registry-error-expect.js';

interface Row {
  /** Qube of the seeded system the property is tried on. */
  qube: string;
  default: PropValue;
  /** Raw input and the value it must become. */
  good: [unknown, PropValue][];
  bad: unknown[];
  /** Required with no default: a reset is refused. */
  noReset?: true;
}

/** One row per declared property: a new property without a row fails the completeness test below. */
const TABLE: Record<string, Row> = {
  label: { qube: 'work', default: 'blue', good: [['purple', 'purple'], ['gray', 'gray']], bad: ['pink', 'Red', '', 3, null], noReset: true },
  template: { qube: 'work', default: 'fedora-41', good: [['debian-12', 'debian-12']], bad: ['personal', 'default-dvm', 'dom0', 'nope', null, '', 7] },
  netvm: {
    qube: 'work',
    default: 'sys-firewall',
    good: [['sys-net', 'sys-net'], ['sys-whonix', 'sys-whonix'], ['none', null], ['', null], [null, null]],
    bad: ['vault', 'fedora-41', 'dom0', 'work', 'nope', 5, true],
  },
  provides_network: { qube: 'work', default: false, good: [[true, true], ['true', true], ['yes', true], ['0', false], ['off', false]], bad: ['maybe', 2, null, ''] },
  memory: { qube: 'work', default: 400, good: [['800', 800], [1, 1], [4000, 4000]], bad: [0, -1, '1.5', 1.5, 'abc', '', null, 4001, true] },
  maxmem: { qube: 'work', default: 4000, good: [[0, 0], ['8000', 8000], [400, 400]], bad: [-1, 'x', 399, null] },
  vcpus: { qube: 'work', default: 2, good: [[1, 1], ['8', 8]], bad: [0, -2, 'two', null] },
  virt_mode: { qube: 'work', default: 'pvh', good: [['hvm', 'hvm'], ['pv', 'pv'], ['pvh', 'pvh']], bad: ['HVM', 'kvm', '', null] },
  kernel: { qube: 'work', default: '6.6.63-1.fc37', good: [['', ''], ['6.1.0-1.fc37', '6.1.0-1.fc37']], bad: ['../../boot', 'a b', 'x/y', 'k'.repeat(65), null, 3] },
  kernelopts: {
    qube: 'work',
    default: 'swiotlb=2048',
    good: [['nopat quiet', 'nopat quiet'], ['', ''], ['o'.repeat(512), 'o'.repeat(512)]],
    bad: ['o'.repeat(513), 'x"y', 'a\\b', 'tab\tx', 'é', null],
  },
  autostart: { qube: 'work', default: false, good: [['on', true], [true, true], [false, false]], bad: ['sometimes', 1, null] },
  include_in_backups: { qube: 'work', default: true, good: [[false, false], ['no', false]], bad: ['x', null] },
  default_dispvm: { qube: 'work', default: 'default-dvm', good: [[null, null], ['default-dvm', 'default-dvm'], ['none', null]], bad: ['work', 'fedora-41', 'dom0', 'nope'] },
  template_for_dispvms: { qube: 'work', default: false, good: [[true, true], ['1', true]], bad: ['x', null] },
  ip: { qube: 'work', default: '10.137.0.12', good: [['10.137.5.5', '10.137.5.5'], ['192.168.1.1', '192.168.1.1']], bad: ['10.137.0.7', '256.1.1.1', '10.1.1', '1.2.3.4.5', '01.2.3.4', 'abc', null] },
};

describe('qube properties', () => {
  it('every declared property has a row in this table', () => {
    expect(Object.keys(TABLE).sort()).toEqual(QUBE_PROPERTIES.map((p) => p.name).sort());
  });

  for (const [prop, row] of Object.entries(TABLE)) {
    describe(prop, () => {
      it(`starts as ${JSON.stringify(row.default)} on ${row.qube}`, () => {
        const reg = seedRegistry();
        expect(reg.getProperty(row.qube, prop).value).toEqual(row.default);
      });

      it.each(row.good)('accepts %j as %j, reports it set, and resets to the default', (raw, expected) => {
        const reg = seedRegistry();
        const events: unknown[] = [];
        reg.onChange((e) => events.push(e));
        reg.set(row.qube, prop, raw);
        expect(reg.getProperty(row.qube, prop)).toEqual({ value: expected, isDefault: false });
        expect(events).toEqual([{ type: 'property-set', qube: row.qube, property: prop, value: expected, oldValue: row.default }]);
        if (row.noReset) {
          expectRegistryError(() => reg.reset(row.qube, prop), 'invalid-value', prop, 'no default');
          return;
        }
        reg.reset(row.qube, prop);
        expect(reg.getProperty(row.qube, prop).value).toEqual(row.default);
      });

      it.each(row.bad.map((b) => [b]))('refuses %j, naming qube, property and value, and changes nothing', (raw) => {
        const reg = seedRegistry();
        const before = JSON.stringify(reg.toDocument());
        const events: unknown[] = [];
        reg.onChange((e) => events.push(e));
        const err = expectRegistryError(() => reg.set(row.qube, prop, raw), 'invalid-value', row.qube, prop, JSON.stringify(raw));
        expect(err.qube).toBe(row.qube);
        expect(err.property).toBe(prop);
        expect(JSON.stringify(reg.toDocument())).toBe(before);
        expect(events).toEqual([]);
      });
    });
  }
});

describe('labels', () => {
  it('are Qubes’ eight, with Qubes’ indices', () => {
    expect(LABELS.map((l) => `${l.index}:${l.name}`)).toEqual(['1:red', '2:orange', '3:yellow', '4:green', '5:gray', '6:blue', '7:purple', '8:black']);
  });
});

describe('defaults that follow something else', () => {
  it('reports default vs set, and a reset goes back to following the default', () => {
    const reg = seedRegistry();
    expect(reg.getProperty('work', 'memory')).toEqual({ value: 400, isDefault: true });
    reg.set('work', 'memory', 1000);
    expect(reg.getProperty('work', 'memory')).toEqual({ value: 1000, isDefault: false });
    reg.set('work', 'memory', 400);
    expect(reg.getProperty('work', 'memory')).toEqual({ value: 400, isDefault: false });
    reg.reset('work', 'memory');
    expect(reg.getProperty('work', 'memory')).toEqual({ value: 400, isDefault: true });
  });

  it('template-based qubes take memory, maxmem, vcpus, virt_mode, kernel and kernelopts from the template', () => {
    const reg = seedRegistry();
    const values: Record<string, PropValue> = { memory: 600, maxmem: 2000, vcpus: 4, virt_mode: 'hvm', kernel: '6.1.0-1.fc37', kernelopts: 'quiet' };
    for (const [k, v] of Object.entries(values)) reg.set('fedora-41', k, v);
    for (const [k, v] of Object.entries(values)) expect(reg.getProperty('work', k)).toEqual({ value: v, isDefault: true });
    // A standalone qube has no template to follow.
    reg.add('StandaloneVM', 'solo', { label: 'green' });
    expect(reg.getProperty('solo', 'memory').value).toBe(400);
    expect(reg.getProperty('solo', 'virt_mode').value).toBe('pvh');
  });

  it('kernel follows the global default_kernel, and no kernel means no kernelopts', () => {
    const reg = seedRegistry();
    reg.setGlobal('default_kernel', '6.12.1-1.fc41');
    expect(reg.getProperty('work', 'kernel')).toEqual({ value: '6.12.1-1.fc41', isDefault: true });
    reg.set('work', 'kernel', '');
    expect(reg.getProperty('work', 'kernelopts')).toEqual({ value: '', isDefault: true });
  });

  it('netvm follows default_netvm for AppVMs, is none for templates and for the default netvm itself', () => {
    const reg = seedRegistry();
    expect(reg.getProperty('fedora-41', 'netvm')).toEqual({ value: null, isDefault: true });
    reg.setGlobal('default_netvm', 'sys-whonix');
    expect(reg.getProperty('work', 'netvm')).toEqual({ value: 'sys-whonix', isDefault: true });
    reg.add('AppVM', 'fw2', { label: 'green', provides_network: true });
    reg.setGlobal('default_netvm', 'fw2');
    expect(reg.getProperty('fw2', 'netvm').value).toBeNull();
  });

  it('ip derives from the qid while networked, none when offline; disposables use 10.138', () => {
    const reg = seedRegistry();
    const qid = reg.get('work')?.qid ?? -1;
    expect(reg.getProperty('work', 'ip').value).toBe(`10.137.0.${qid}`);
    reg.set('work', 'netvm', null);
    expect(reg.getProperty('work', 'ip')).toEqual({ value: null, isDefault: true });
    expect(reg.getProperty('sys-net', 'ip').value).toBe(`10.137.0.${reg.get('sys-net')?.qid}`);
    const d = reg.add('DispVM', 'disp1', { label: 'red' });
    expect(reg.getProperty('disp1', 'ip').value).toBe(`10.138.0.${d.qid}`);
  });

  it('a DispVM is made from the default disposable template and takes its netvm', () => {
    const reg = seedRegistry();
    reg.add('DispVM', 'disp7', { label: 'red' });
    expect(reg.getProperty('disp7', 'template')).toEqual({ value: 'default-dvm', isDefault: false });
    reg.set('default-dvm', 'netvm', 'sys-whonix');
    expect(reg.getProperty('disp7', 'netvm')).toEqual({ value: 'sys-whonix', isDefault: true });
    expectRegistryError(() => reg.add('DispVM', 'disp8', { label: 'red', template: 'work' }), 'invalid-value', 'disp8', 'template', 'template_for_dispvms');
    reg.add('AppVM', 'dvm2', { label: 'red', template_for_dispvms: true });
    expectRegistryError(() => reg.set('disp7', 'template', 'dvm2'), 'read-only', 'disp7', 'template');
    expectRegistryError(() => reg.reset('disp7', 'template'), 'read-only', 'disp7', 'template');
  });

  it('a new AppVM gets the current default template, kept when the default changes', () => {
    const reg = seedRegistry();
    reg.add('AppVM', 'a1', { label: 'red' });
    reg.setGlobal('default_template', 'debian-12');
    expect(reg.getProperty('a1', 'template')).toEqual({ value: 'fedora-41', isDefault: false });
    reg.reset('a1', 'template');
    expect(reg.getProperty('a1', 'template').value).toBe('debian-12');
  });

  it('a label is required at creation, except for dom0 which is black', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.add('AppVM', 'nolabel'), 'invalid-value', 'nolabel', 'label', 'required');
    expect(reg.has('nolabel')).toBe(false);
    expect(reg.getProperty('dom0', 'label')).toEqual({ value: 'black', isDefault: true });
    expectRegistryError(() => reg.reset('work', 'label'), 'invalid-value', 'label', 'no default');
  });

  it('properties a class does not have are refused by name', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.set('dom0', 'memory', 1), 'no-such-property', 'AdminVM', 'memory');
    expectRegistryError(() => reg.set('fedora-41', 'template', 'debian-12'), 'no-such-property', 'template');
    expectRegistryError(() => reg.getProperty('work', 'colour'), 'no-such-property', 'colour');
    expectRegistryError(() => reg.add('AppVM', 'x1', { label: 'red', colour: 'red' }), 'no-such-property', 'colour');
  });
});
