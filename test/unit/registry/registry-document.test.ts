import { describe, expect, it } from 'vitest';
import { REGISTRY_SCHEMA_VERSION } from '../../../services/registry/registry-document.js';
import { Registry } from '../../../services/registry/registry.js';
import { seedRegistry } from '../../../services/registry/seed.js';
import { expectRegistryError } from './registry-error-expect.js';

function seededDoc(): Record<string, unknown> & { qubes: Record<string, unknown>[] } {
  return JSON.parse(JSON.stringify(seedRegistry().toDocument())) as Record<string, unknown> & { qubes: Record<string, unknown>[] };
}

function qube(doc: ReturnType<typeof seededDoc>, name: string): Record<string, unknown> & { properties: Record<string, unknown> } {
  const q = doc.qubes.find((x) => x.name === name);
  if (!q) throw new Error(`${name} not in document`);
  return q as Record<string, unknown> & { properties: Record<string, unknown> };
}

describe('registry document', () => {
  it('round-trips everything: set values, defaults, qids, tags, features, globals', () => {
    const reg = seedRegistry();
    reg.set('work', 'memory', 1500);
    reg.set('work', 'netvm', 'sys-whonix');
    reg.addTag('work', 'corp');
    reg.setFeature('work', 'gui', '1');
    reg.setGlobal('default_kernel', '6.12.1-1.fc41');
    const text = JSON.stringify(reg.toDocument());
    const back = Registry.fromDocument(JSON.parse(text) as unknown);
    expect(JSON.stringify(back.toDocument())).toBe(text);
    expect(back.getProperty('work', 'memory')).toEqual({ value: 1500, isDefault: false });
    expect(back.getProperty('personal', 'memory')).toEqual({ value: 400, isDefault: true });
    expect(back.getProperty('work', 'kernel')).toEqual({ value: '6.12.1-1.fc41', isDefault: true });
    expect(back.tags('work')).toEqual(['corp']);
    expect(back.features('work')).toEqual({ gui: '1' });
    expect(back.list()).toEqual(reg.list());
  });

  it('keeps only set values, so defaults keep following their source', () => {
    const doc = seedRegistry().toDocument();
    const work = doc.qubes.find((q) => q.name === 'work');
    expect(work?.properties).toEqual({ label: 'blue', template: 'fedora-41' });
    expect(doc.version).toBe(REGISTRY_SCHEMA_VERSION);
  });

  it('refuses a newer schema version with a clear error', () => {
    const doc = seededDoc();
    doc.version = REGISTRY_SCHEMA_VERSION + 1;
    expectRegistryError(() => Registry.fromDocument(doc), 'unsupported-schema', `version ${REGISTRY_SCHEMA_VERSION + 1}`, 'newer');
  });

  const BROKEN: [string, (d: ReturnType<typeof seededDoc>) => unknown, string][] = [
    ['not an object', () => [], 'JSON object'],
    ['another schema', (d) => ({ ...d, schema: 'other' }), 'schema'],
    ['version 0', (d) => ({ ...d, version: 0 }), 'version'],
    ['no qube list', (d) => ({ ...d, qubes: {} }), 'qubes must be a list'],
    ['a bad name', (d) => (qube(d, 'work').name = 'work-dm', d), 'invalid qube name'],
    ['a duplicate', (d) => (d.qubes.push({ ...qube(d, 'work'), qid: 99 }), d), 'twice'],
    ['a duplicate qid', (d) => ((qube(d, 'work').qid = qube(d, 'personal').qid), d), 'qid'],
    ['an unknown class', (d) => ((qube(d, 'work').class = 'HVM'), d), 'unknown class'],
    ['a second AdminVM', (d) => ((qube(d, 'work').class = 'AdminVM'), d), 'AdminVM'],
    ['no dom0', (d) => ({ ...d, qubes: d.qubes.filter((q) => q.name !== 'dom0') }), 'dom0'],
    ['an unknown property', (d) => ((qube(d, 'work').properties.colour = 'red'), d), 'colour'],
    ['a mistyped value', (d) => ((qube(d, 'work').properties.memory = 'lots'), d), 'memory'],
    ['an object as value', (d) => ((qube(d, 'work').properties.memory = { n: 1 }), d), 'memory'],
    ['a dangling netvm', (d) => ((qube(d, 'work').properties.netvm = 'ghost'), d), 'ghost'],
    ['a netvm loop', (d) => ((qube(d, 'sys-net').properties.netvm = 'sys-firewall'), d), 'netvm loop'],
    ['a missing label', (d) => (delete qube(d, 'work').properties.label, d), 'label is required'],
    ['a bad tag', (d) => ((qube(d, 'work').tags = ['a b']), d), 'tag'],
    ['a bad global', (d) => ({ ...d, globals: { default_netvm: 'vault' } }), 'default_netvm'],
    ['an unknown global', (d) => ({ ...d, globals: { colour: 'red' } }), 'colour'],
  ];

  it.each(BROKEN)('refuses a document with %s', (_what, breakIt, fragment) => {
    expectRegistryError(() => Registry.fromDocument(breakIt(seededDoc())), 'invalid-document', 'registry document', fragment);
  });
});
