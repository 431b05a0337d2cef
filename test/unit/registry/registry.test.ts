import { describe, expect, it } from 'vitest';
import type { RegistryEvent } from '../../../services/registry/registry.js';
import { Registry } from '../../../services/registry/registry.js';
import { seedRegistry } from '../../../services/registry/seed.js';
import { expectRegistryError } from './registry-error-expect.js';

function recording(reg: Registry): RegistryEvent[] {
  const events: RegistryEvent[] = [];
  reg.onChange((e) => events.push(e));
  return events;
}

describe('netvm loops', () => {
  it('refuses A → B → A and leaves both as they were', () => {
    const reg = seedRegistry();
    const before = JSON.stringify(reg.toDocument());
    expectRegistryError(() => reg.set('sys-net', 'netvm', 'sys-firewall'), 'invalid-value', 'sys-net', 'netvm', '"sys-firewall"', 'netvm loop', 'sys-net → sys-firewall → sys-net');
    expect(JSON.stringify(reg.toDocument())).toBe(before);
  });

  it('refuses a longer loop and a loop made through the default netvm', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.set('sys-net', 'netvm', 'sys-whonix'), 'invalid-value', 'netvm loop', 'sys-net → sys-whonix → sys-firewall → sys-net');
    reg.add('AppVM', 'vpn', { label: 'blue', provides_network: true });
    // vpn follows default_netvm (sys-firewall); sending sys-firewall through vpn closes the loop.
    expectRegistryError(() => reg.set('sys-firewall', 'netvm', 'vpn'), 'invalid-value', 'sys-firewall', 'netvm loop');
  });

  it('refuses a qube as its own netvm', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.set('sys-firewall', 'netvm', 'sys-firewall'), 'invalid-value', 'own netvm');
  });
});

describe('references', () => {
  it('refuses to remove a referenced qube, naming every referrer', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.remove('sys-firewall'), 'in-use', 'sys-firewall', 'sys-whonix (netvm)', 'global default_netvm', 'global updatevm');
    expectRegistryError(() => reg.remove('fedora-41'), 'in-use', 'work (template)', 'vault (template)', 'global default_template');
    expectRegistryError(() => reg.remove('sys-whonix'), 'in-use', 'anon-whonix (netvm)');
    expect(reg.has('sys-firewall')).toBe(true);
    expectRegistryError(() => reg.remove('dom0'), 'invalid-value', 'admin qube');
    expectRegistryError(() => reg.remove('nope'), 'no-such-qube', 'nope');
  });

  it('removes an unreferenced qube and tells listeners', () => {
    const reg = seedRegistry();
    const events = recording(reg);
    reg.remove('anon-whonix');
    expect(reg.has('anon-whonix')).toBe(false);
    expect(events).toEqual([{ type: 'qube-removed', qube: 'anon-whonix' }]);
    reg.remove('sys-whonix');
    expect(reg.referrers('whonix-gateway-17')).toEqual([]);
    reg.remove('whonix-gateway-17');
  });

  it('refuses to stop providing network while used, naming the users', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.set('sys-whonix', 'provides_network', false), 'invalid-value', 'sys-whonix', 'provides_network', 'anon-whonix');
    expectRegistryError(() => reg.set('sys-firewall', 'provides_network', false), 'invalid-value', 'global default_netvm');
    reg.set('anon-whonix', 'netvm', null);
    reg.set('sys-whonix', 'provides_network', false);
    expect(reg.getProperty('sys-whonix', 'provides_network').value).toBe(false);
  });

  it('refuses to stop being a disposable template while used', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.set('default-dvm', 'template_for_dispvms', false), 'invalid-value', 'global default_dispvm');
    reg.setGlobal('default_dispvm', null);
    reg.add('DispVM', 'disp1', { label: 'red', template: 'default-dvm' });
    expectRegistryError(() => reg.set('default-dvm', 'template_for_dispvms', false), 'invalid-value', 'disp1');
    reg.remove('disp1');
    reg.set('default-dvm', 'template_for_dispvms', false);
  });

  it('rename updates every reference, globals included', () => {
    const reg = seedRegistry();
    const events = recording(reg);
    reg.rename('sys-firewall', 'sys-fw');
    expect(reg.has('sys-firewall')).toBe(false);
    expect(reg.getProperty('sys-whonix', 'netvm').value).toBe('sys-fw');
    expect(reg.getProperty('work', 'netvm')).toEqual({ value: 'sys-fw', isDefault: true });
    expect(reg.getGlobal('default_netvm').value).toBe('sys-fw');
    expect(reg.getGlobal('updatevm').value).toBe('sys-fw');
    reg.rename('fedora-41', 'fedora-42');
    expect(reg.getProperty('work', 'template').value).toBe('fedora-42');
    expect(events).toEqual([
      { type: 'qube-renamed', qube: 'sys-fw', oldName: 'sys-firewall' },
      { type: 'qube-renamed', qube: 'fedora-42', oldName: 'fedora-41' },
    ]);
  });

  it('clone copies set properties, tags and features, with a new qid and so a new ip', () => {
    const reg = seedRegistry();
    reg.set('work', 'memory', 1200);
    reg.set('work', 'ip', '10.137.9.9');
    reg.addTag('work', 'corp');
    reg.setFeature('work', 'service.cups', '1');
    const c = reg.clone('work', 'work2', { label: 'orange' });
    expect(c.qid).not.toBe(reg.get('work')?.qid);
    expect(reg.getProperty('work2', 'memory')).toEqual({ value: 1200, isDefault: false });
    expect(reg.getProperty('work2', 'label').value).toBe('orange');
    expect(reg.getProperty('work2', 'template').value).toBe('fedora-41');
    expect(reg.getProperty('work2', 'ip')).toEqual({ value: `10.137.0.${c.qid}`, isDefault: true });
    expect(reg.tags('work2')).toEqual(['corp']);
    expect(reg.features('work2')).toEqual({ 'service.cups': '1' });
    expectRegistryError(() => reg.clone('dom0', 'dom1'), 'invalid-value', 'AdminVM');
  });
});

describe('running qubes', () => {
  const running = new Set(['work', 'sys-firewall']);
  const reg = (): Registry => Registry.fromDocument(seedRegistry().toDocument(), { isRunning: (q) => running.has(q) });

  it('refuses a template change, rename or removal while the qube runs', () => {
    const r = reg();
    expectRegistryError(() => r.set('work', 'template', 'debian-12'), 'qube-running', 'work', 'template');
    expectRegistryError(() => r.rename('work', 'job'), 'qube-running', 'work');
    expectRegistryError(() => r.remove('work'), 'qube-running', 'work');
    r.set('personal', 'template', 'debian-12');
  });

  it('allows live and next-start changes', () => {
    const r = reg();
    r.set('work', 'memory', 900);
    r.set('work', 'label', 'red');
    r.set('work', 'netvm', null);
    expect(r.getProperty('work', 'netvm').value).toBeNull();
  });

  it('attaches a running qube only to a running netvm', () => {
    const r = reg();
    expectRegistryError(() => r.set('work', 'netvm', 'sys-net'), 'invalid-value', 'work', 'netvm', 'not running');
    r.set('work', 'netvm', 'sys-firewall');
    // A halted qube may name a halted netvm: it will be started first.
    r.set('personal', 'netvm', 'sys-net');
  });
});

describe('globals', () => {
  it('reports set or default and validates each preference', () => {
    const reg = seedRegistry();
    expect(reg.getGlobal('default_kernel')).toEqual({ value: '6.6.63-1.fc37', isDefault: true });
    expect(reg.globals().default_netvm).toEqual({ value: 'sys-firewall', isDefault: false });
    expectRegistryError(() => reg.setGlobal('default_netvm', 'vault'), 'invalid-value', 'global', 'default_netvm', 'does not provide network');
    expectRegistryError(() => reg.setGlobal('default_template', 'work'), 'invalid-value', 'not a TemplateVM');
    expectRegistryError(() => reg.setGlobal('default_dispvm', 'work'), 'invalid-value', 'template_for_dispvms');
    expectRegistryError(() => reg.setGlobal('updatevm', 'fedora-41'), 'invalid-value', 'TemplateVM');
    expectRegistryError(() => reg.setGlobal('clockvm', 'nope'), 'invalid-value', 'no qube named');
    expectRegistryError(() => reg.setGlobal('default_kernel', ''), 'invalid-value', 'default_kernel');
    expectRegistryError(() => reg.setGlobal('default_kernel', null), 'invalid-value', 'default_kernel');
    expectRegistryError(() => reg.setGlobal('colour', 'red'), 'no-such-property', 'colour', 'default_netvm');
  });

  it('set and reset tell listeners the effective values', () => {
    const reg = seedRegistry();
    const events = recording(reg);
    reg.setGlobal('default_kernel', '6.12.1-1.fc41');
    reg.resetGlobal('default_kernel');
    reg.setGlobal('clockvm', 'none');
    expect(events).toEqual([
      { type: 'global-set', property: 'default_kernel', value: '6.12.1-1.fc41', oldValue: '6.6.63-1.fc37' },
      { type: 'global-reset', property: 'default_kernel', value: '6.6.63-1.fc37', oldValue: '6.12.1-1.fc41' },
      { type: 'global-set', property: 'clockvm', value: null, oldValue: 'sys-net' },
    ]);
  });

  it('a global change that would create a netvm loop is refused', () => {
    const reg = seedRegistry();
    // vpn follows the default netvm; vpn2 goes through vpn. Making vpn2 the default closes vpn → vpn2 → vpn.
    reg.add('AppVM', 'vpn', { label: 'blue', provides_network: true });
    reg.add('AppVM', 'vpn2', { label: 'blue', provides_network: true, netvm: 'vpn' });
    expectRegistryError(() => reg.setGlobal('default_netvm', 'vpn2'), 'invalid-value', 'default_netvm', 'netvm loop', 'vpn → vpn2 → vpn');
    expect(reg.getGlobal('default_netvm').value).toBe('sys-firewall');
  });
});

describe('tags and features', () => {
  it('adds, lists and removes validated tags', () => {
    const reg = seedRegistry();
    const events = recording(reg);
    reg.addTag('work', 'corp');
    reg.addTag('work', 'a_b-1');
    reg.addTag('work', 'corp');
    expect(reg.tags('work')).toEqual(['a_b-1', 'corp']);
    reg.removeTag('work', 'corp');
    expect(reg.tags('work')).toEqual(['a_b-1']);
    for (const bad of ['', 'with space', 'x'.repeat(65), 'ü', 'a:b']) expectRegistryError(() => reg.addTag('work', bad), 'invalid-value', 'work', 'tag');
    expect(events.map((e) => e.type)).toEqual(['tag-added', 'tag-added', 'tag-removed']);
  });

  it('sets and removes validated features', () => {
    const reg = seedRegistry();
    reg.setFeature('sys-net', 'service.network-manager', '1');
    reg.setFeature('sys-net', 'os', 'Linux');
    expect(reg.features('sys-net')).toEqual({ 'qtui-service': 'network', 'service.network-manager': '1', os: 'Linux' });
    reg.removeFeature('sys-net', 'os');
    expect(reg.features('sys-net')).toEqual({ 'qtui-service': 'network', 'service.network-manager': '1' });
    expectRegistryError(() => reg.setFeature('work', 'bad name', '1'), 'invalid-value', 'feature');
    expectRegistryError(() => reg.setFeature('work', 'ok', 'line\nbreak'), 'invalid-value', 'printable');
    expectRegistryError(() => reg.setFeature('work', 'ok', 'v'.repeat(1025)), 'invalid-value', '1024');
  });
});

describe('creation', () => {
  it('adds a qube with the next free qid and tells listeners; a failed add leaves nothing behind', () => {
    const reg = new Registry();
    const events = recording(reg);
    reg.add('TemplateVM', 'tpl', { label: 'black' });
    const a = reg.add('AppVM', 'app', { label: 'red', template: 'tpl' });
    expect(a).toEqual({ name: 'app', klass: 'AppVM', qid: 2, tags: [], features: {} });
    expect(events).toEqual([
      { type: 'qube-added', qube: 'tpl', klass: 'TemplateVM' },
      { type: 'qube-added', qube: 'app', klass: 'AppVM' },
    ]);
    expectRegistryError(() => reg.add('AppVM', 'app2', { label: 'red' }), 'invalid-value', 'template', 'required');
    expectRegistryError(() => reg.add('AppVM', 'app3', { label: 'red', template: 'tpl', memory: 0 }), 'invalid-value', 'app3', 'memory');
    expectRegistryError(() => reg.add('AdminVM', 'dom1', {}), 'invalid-value', 'class');
    expectRegistryError(() => reg.add('QubeVM', 'q', {}), 'invalid-value', 'class');
    expect(reg.list().map((q) => q.name)).toEqual(['dom0', 'app', 'tpl']);
    reg.remove('app');
    expect(reg.add('AppVM', 'again', { label: 'red', template: 'tpl' }).qid).toBe(2);
  });
});
