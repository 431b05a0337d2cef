import { describe, expect, it } from 'vitest';
import { assertDomainName, isValidDomainName, validateDomainName } from '../../../xen-bridge/domain-name.js';
import { XenError } from '../../../xen-bridge/xen-error.js';

describe('validateDomainName', () => {
  it.each(['work', 'sys-net', 'a', 'Disp1234', 'vault_2.old', 'x'.repeat(31)])('accepts %s', (name) => {
    expect(validateDomainName(name)).toBeNull();
    expect(isValidDomainName(name)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(32), 'longer than 31'],
    ['1work', 'start with a letter'],
    ['-work', 'start with a letter'],
    ['wo rk', 'only letters'],
    ['work"', 'only letters'],
    ['work\n', 'only letters'],
    ['wörk', 'only letters'],
    ['none', 'reserved'],
    ['default', 'reserved'],
    ['Domain-0', 'reserved'],
    ['sys-net-dm', '-dm'],
  ])('refuses %j (%s)', (name, why) => {
    const problem = validateDomainName(name);
    expect(problem).toContain(why);
    expect(isValidDomainName(name)).toBe(false);
  });
});

describe('assertDomainName', () => {
  it('throws an invalid-argument XenError naming the command', () => {
    let thrown: unknown;
    try {
      assertDomainName('--help', ['xl', 'pause', '--help']);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(XenError);
    const e = thrown as XenError;
    expect(e.kind).toBe('invalid-argument');
    expect(e.command).toEqual(['xl', 'pause', '--help']);
    expect(e.detail).toContain('"--help"');
  });

  it('returns quietly for a valid name', () => {
    expect(() => assertDomainName('work', ['xl', 'pause', 'work'])).not.toThrow();
  });
});
