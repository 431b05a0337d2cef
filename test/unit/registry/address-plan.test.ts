import { describe, expect, it } from 'vitest';
import { derivedIp, isAssignableQid, MAX_QID, QID_CAPACITY, qubeMac } from '../../../services/registry/address-plan.js';
import { Registry } from '../../../services/registry/registry.js';
import { seedRegistry } from '../../../services/registry/seed.js';
import { expectRegistryError } from './registry-error-expect.js';

describe('address plan past qid 254', () => {
  it('skips qids whose address would end in .0 or .255', () => {
    expect([1, 254, 257, 510, 513, MAX_QID].every(isAssignableQid)).toBe(true);
    expect([0, 255, 256, 511, 512, MAX_QID + 1, -1, 1.5].some(isAssignableQid)).toBe(false);
    let n = 0;
    for (let q = 0; q <= MAX_QID + 1; q++) if (isAssignableQid(q)) n++;
    expect(n).toBe(QID_CAPACITY);
  });

  it('derives addresses and MACs in the next networks, unchanged below 256', () => {
    expect(derivedIp('AppVM', 12)).toBe('10.137.0.12');
    expect(derivedIp('AppVM', 1000)).toBe('10.137.3.232');
    expect(derivedIp('DispVM', 257)).toBe('10.138.1.1');
    expect(qubeMac(12)).toBe('00:16:3e:5e:6c:0c');
    expect(qubeMac(1000)).toBe('00:16:3e:5e:6f:e8');
    expect(qubeMac(MAX_QID)).toBe('00:16:3e:5f:6b:fe');
    expect(qubeMac(MAX_QID)).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  });

  it('new qubes go on past qid 254, skipping .255 and .0, each with its own valid address', () => {
    const reg = seedRegistry();
    // Every change re-checks the whole registry, so 300 is enough to cross into 10.137.1.x without a slow test.
    for (let i = 0; i < 300; i++) reg.add('AppVM', `vm-${i}`, { label: 'blue' });
    const qids = reg.list().map((q) => q.qid);
    expect(qids).not.toContain(255);
    expect(qids).not.toContain(256);
    expect(qids).toContain(257);
    const ips = reg.list().filter((q) => q.klass !== 'AdminVM').map((q) => reg.getProperty(q.name, 'ip').value).filter((ip): ip is string => typeof ip === 'string');
    expect(new Set(ips).size).toBe(ips.length);
    expect(ips).toContain('10.137.1.1');
    for (const ip of ips) expect(ip).not.toMatch(/\.(0|255)$/);
  });

  it('a document with a qube at qid 1000 loads, with its address from the plan', () => {
    const doc = seedRegistry().toDocument();
    const q = doc.qubes.find((x) => x.name === 'work');
    if (!q) throw new Error('the seed has work');
    q.qid = 1000;
    const reg = Registry.fromDocument(JSON.parse(JSON.stringify(doc)));
    expect(reg.get('work')?.qid).toBe(1000);
    expect(reg.getProperty('work', 'ip').value).toBe('10.137.3.232');
  });

  it('a document with a qid in the plan\'s gaps or past its end is refused', () => {
    for (const qid of [256, 255, MAX_QID + 1]) {
      const doc = seedRegistry().toDocument();
      const q = doc.qubes.find((x) => x.class === 'AppVM');
      if (!q) throw new Error('the seed has an AppVM');
      q.qid = qid;
      expectRegistryError(() => Registry.fromDocument(doc), 'invalid-document', `qid ${qid}`);
    }
  });
});
