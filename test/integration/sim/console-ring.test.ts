import { describe, expect, it } from 'vitest';
import { ConsoleRing } from '../../../xen-bridge/sim/supervisor/console-ring.js';

describe('console ring', () => {
  it('keeps exactly the most recent bytes, across chunk boundaries', () => {
    const ring = new ConsoleRing(10);
    ring.append(Buffer.from('abcdef'));
    ring.append(Buffer.from('ghij'));
    expect(ring.contents().toString()).toBe('abcdefghij');
    ring.append(Buffer.from('klm'));
    expect(ring.contents().toString()).toBe('defghijklm');
    ring.append(Buffer.from('0123456789ABCDEF'));
    expect(ring.contents().toString()).toBe('6789ABCDEF');
    ring.append(Buffer.from('x'));
    expect(ring.contents().toString()).toBe('789ABCDEFx');
  });

  it('is empty after clear (a rebooted domain starts a new console)', () => {
    const ring = new ConsoleRing(10);
    ring.append(Buffer.from('boot'));
    ring.clear();
    expect(ring.contents().length).toBe(0);
    ring.append(Buffer.from('new'));
    expect(ring.contents().toString()).toBe('new');
  });
});
