/**
 * The registry as the lifecycle and the policy engine see it: each gets only
 * the effective values it needs, read fresh on every call.
 */
import type { PolicyQube, PolicyQubes } from '../policy/index.js';
import type { QubeDirectory, QubeFacts } from '../lifecycle/lifecycle-ports.js';
import type { Registry } from '../registry/registry.js';
import type { PropValue } from '../registry/property-types.js';
import { qubeMac } from '../registry/address-plan.js';

function str(v: PropValue): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function num(v: PropValue, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}


export function qubeFacts(reg: Registry, name: string): QubeFacts | undefined {
  const q = reg.get(name);
  if (!q) return undefined;
  const has = new Set(reg.propertyNames(name));
  const v = (p: string): PropValue => (has.has(p) ? reg.getProperty(name, p).value : null);
  return {
    name,
    klass: q.klass,
    label: str(v('label')) ?? 'red',
    netvm: str(v('netvm')),
    template: str(v('template')),
    memory: num(v('memory'), 400),
    maxmem: num(v('maxmem'), 4000),
    vcpus: num(v('vcpus'), 2),
    virtMode: v('virt_mode') === 'pv' ? 'pv' : 'pvh',
    kernel: str(v('kernel')),
    kernelopts: str(v('kernelopts')) ?? '',
    ip: str(v('ip')),
    mac: qubeMac(q.qid),
    autostart: v('autostart') === true,
    templateForDispvms: v('template_for_dispvms') === true,
    defaultDispvm: str(v('default_dispvm')),
  };
}

/** `flush` resolves once the registry file holds every change so far. */
export function qubeDirectory(reg: Registry, flush: () => Promise<void>): QubeDirectory {
  return {
    facts: (name) => qubeFacts(reg, name),
    all: () => reg.list().flatMap((q) => qubeFacts(reg, q.name) ?? []),
    addDisposable: (name, base) => {
      reg.add('DispVM', name, { template: base, label: reg.getProperty(base, 'label').value });
    },
    remove: async (name) => {
      reg.remove(name);
      await flush();
    },
  };
}

export function policyQubes(reg: Registry): PolicyQubes {
  return {
    get: (name): PolicyQube | undefined => {
      const f = qubeFacts(reg, name);
      if (!f) return undefined;
      return {
        name,
        klass: f.klass,
        tags: reg.tags(name),
        defaultDispvm: f.defaultDispvm,
        template: f.template,
        templateForDispvms: f.templateForDispvms,
      };
    },
  };
}
