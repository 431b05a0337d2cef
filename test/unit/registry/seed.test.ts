import { describe, expect, it } from 'vitest';
import { GLOBAL_PROPERTIES } from '../../../services/registry/global-properties.js';
import { qubeNameProblem } from '../../../services/registry/qube-name.js';
import { QUBE_PROPERTIES } from '../../../services/registry/qube-properties.js';
import { Registry } from '../../../services/registry/registry.js';
import { seedRegistry } from '../../../services/registry/seed.js';

describe('the seeded system', () => {
  const reg = seedRegistry();

  it('has the qubes of a default install with their classes and labels', () => {
    const shape = Object.fromEntries(reg.list().map((q) => [q.name, `${q.klass}/${String(reg.getProperty(q.name, 'label').value)}`]));
    expect(shape).toEqual({
      dom0: 'AdminVM/black',
      'fedora-41': 'TemplateVM/black',
      'fedora-41-minimal': 'TemplateVM/black',
      'debian-12': 'TemplateVM/black',
      'whonix-gateway-17': 'TemplateVM/black',
      'whonix-workstation-17': 'TemplateVM/black',
      'sys-net': 'AppVM/red',
      'sys-firewall': 'AppVM/green',
      'sys-usb': 'AppVM/red',
      'sys-gui': 'AppVM/black',
      'sys-whonix': 'AppVM/black',
      'anon-whonix': 'AppVM/red',
      work: 'AppVM/blue',
      personal: 'AppVM/yellow',
      untrusted: 'AppVM/red',
      vault: 'AppVM/black',
      'default-dvm': 'AppVM/red',
    });
  });

  it('wires the network chain, autostart and globals as Qubes does', () => {
    const v = (q: string, p: string): unknown => reg.getProperty(q, p).value;
    expect([v('sys-net', 'netvm'), v('sys-firewall', 'netvm'), v('sys-whonix', 'netvm'), v('anon-whonix', 'netvm')]).toEqual([null, 'sys-net', 'sys-firewall', 'sys-whonix']);
    expect([v('work', 'netvm'), v('vault', 'netvm'), v('sys-usb', 'netvm')]).toEqual(['sys-firewall', null, null]);
    for (const q of ['sys-net', 'sys-firewall', 'sys-whonix']) expect(v(q, 'provides_network')).toBe(true);
    for (const q of ['sys-net', 'sys-firewall', 'sys-usb']) expect(v(q, 'autostart')).toBe(true);
    expect(v('work', 'autostart')).toBe(false);
    expect(v('sys-whonix', 'template')).toBe('whonix-gateway-17');
    expect(v('anon-whonix', 'template')).toBe('whonix-workstation-17');
    expect(v('default-dvm', 'template_for_dispvms')).toBe(true);
    expect(Object.fromEntries(Object.entries(reg.globals()).map(([k, s]) => [k, s.value]))).toEqual({
      default_netvm: 'sys-firewall',
      default_template: 'fedora-41',
      default_dispvm: 'default-dvm',
      updatevm: 'sys-firewall',
      clockvm: 'sys-net',
      default_kernel: '6.6.63-1.fc37',
    });
  });

  it('every name is valid and every reference names an existing qube of the right kind', () => {
    const names = new Set(reg.list().map((q) => q.name));
    for (const q of reg.list()) {
      if (q.name !== 'dom0') expect(qubeNameProblem(q.name), q.name).toBeNull();
      for (const p of reg.propertyNames(q.name)) {
        const def = QUBE_PROPERTIES.find((d) => d.name === p);
        const value = reg.getProperty(q.name, p).value;
        if (def?.type.kind === 'qube' && value !== null) expect(names.has(String(value)), `${q.name}.${p}=${String(value)}`).toBe(true);
      }
      const netvm = q.name === 'dom0' ? null : reg.getProperty(q.name, 'netvm').value;
      if (typeof netvm === 'string') expect(reg.getProperty(netvm, 'provides_network').value).toBe(true);
      if (q.klass === 'AppVM') expect(reg.get(String(reg.getProperty(q.name, 'template').value))?.klass).toBe('TemplateVM');
    }
    for (const g of GLOBAL_PROPERTIES) {
      const value = reg.getGlobal(g.name).value;
      if (g.type.kind === 'qube' && value !== null) expect(names.has(String(value)), g.name).toBe(true);
    }
  });

  it('gives every networked qube a distinct address', () => {
    const ips = reg
      .list()
      .filter((q) => q.klass !== 'AdminVM')
      .map((q) => reg.getProperty(q.name, 'ip').value)
      .filter((ip) => ip !== null);
    // sys-net, sys-firewall, sys-whonix, anon-whonix, work, personal, untrusted, default-dvm.
    expect(ips.length).toBe(8);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('survives its own document (the same checks as a load)', () => {
    expect(Registry.fromDocument(JSON.parse(JSON.stringify(reg.toDocument())) as unknown).toDocument()).toEqual(reg.toDocument());
  });
});
