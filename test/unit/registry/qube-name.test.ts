import { describe, expect, it } from 'vitest';
import { qubeNameProblem } from '../../../services/registry/qube-name.js';
import { Registry } from '../../../services/registry/registry.js';
import { seedRegistry } from '../../../services/registry/seed.js';
import { expectRegistryError } from './registry-error-expect.js';

const GOOD = ['a', 'work', 'A1_b.c-d', 'x'.repeat(31), 'my-dmz', 'dm', 'Domain-1', 'sys-net2', 'Z.'];

const BAD: [string, string][] = [
  ['', 'empty'],
  ['x'.repeat(32), 'at most 31'],
  ['1work', 'start with a letter'],
  ['-work', 'start with a letter'],
  ['_work', 'start with a letter'],
  ['.work', 'start with a letter'],
  ['wörk', 'start with a letter'],
  ['работа', 'start with a letter'],
  ['work😀', 'start with a letter'],
  ['work space', 'start with a letter'],
  ['work/x', 'start with a letter'],
  ['work\n', 'start with a letter'],
  ['none', 'reserved'],
  ['default', 'reserved'],
  ['Domain-0', 'reserved'],
  ['work-dm', '-dm'],
  ['a-dm', '-dm'],
];

describe('qube names', () => {
  it.each(GOOD)('accepts %j', (name) => {
    expect(qubeNameProblem(name)).toBeNull();
    const reg = new Registry();
    reg.add('StandaloneVM', name, { label: 'red' });
    expect(reg.get(name)?.name).toBe(name);
  });

  it.each(BAD)('refuses %j (%s)', (name, why) => {
    expect(qubeNameProblem(name)).toContain(why);
    const reg = new Registry();
    const err = expectRegistryError(() => reg.add('StandaloneVM', name, { label: 'red' }), 'invalid-name', JSON.stringify(name), why);
    expect(err.qube).toBe(name);
    expect(reg.has(name)).toBe(false);
  });

  it('31 characters is the limit, 32 is one too many', () => {
    expect(qubeNameProblem('a'.repeat(31))).toBeNull();
    expect(qubeNameProblem('a'.repeat(32))).toMatch(/at most 31 characters \(has 32\)/);
  });

  it('refuses a name already in the registry, dom0 included', () => {
    const reg = seedRegistry();
    expectRegistryError(() => reg.add('AppVM', 'work', { label: 'red' }), 'name-in-use', 'work');
    expectRegistryError(() => reg.add('AppVM', 'dom0', { label: 'red' }), 'name-in-use', 'dom0');
    expectRegistryError(() => reg.clone('work', 'personal'), 'name-in-use', 'personal');
    expectRegistryError(() => reg.rename('work', 'vault'), 'name-in-use', 'vault');
    expectRegistryError(() => reg.rename('work', 'work-dm'), 'invalid-name', '-dm');
  });
});
