/**
 * The qubes of the test host every policy test decides against, and where
 * the policy fixtures are.
 */
import { fileURLToPath } from 'node:url';
import type { PolicyQube, PolicyQubes } from '../../../services/policy/policy-types.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/policy/', import.meta.url));

const QUBES: PolicyQube[] = [
  { name: 'dom0', klass: 'AdminVM', tags: [] },
  { name: 'work', klass: 'AppVM', tags: ['work'], defaultDispvm: 'default-dvm' },
  { name: 'work-web', klass: 'AppVM', tags: ['work'], defaultDispvm: 'work-dvm' },
  { name: 'personal', klass: 'AppVM', tags: [], defaultDispvm: 'default-dvm' },
  { name: 'untrusted', klass: 'AppVM', tags: ['untrusted'], defaultDispvm: 'default-dvm' },
  { name: 'vault', klass: 'AppVM', tags: ['vault'], defaultDispvm: null },
  { name: 'default-dvm', klass: 'AppVM', tags: ['dvm-base'], templateForDispvms: true },
  { name: 'work-dvm', klass: 'AppVM', tags: ['work', 'dvm-base'], templateForDispvms: true },
  { name: 'not-dvm', klass: 'AppVM', tags: [], templateForDispvms: false },
  { name: 'disp1234', klass: 'DispVM', tags: [], template: 'default-dvm', defaultDispvm: 'default-dvm' },
  { name: 'disp77', klass: 'DispVM', tags: [], template: 'work-dvm', defaultDispvm: 'work-dvm' },
  { name: 'fedora-41', klass: 'TemplateVM', tags: [] },
  { name: 'whonix-ws', klass: 'TemplateVM', tags: ['whonix-updatevm'] },
  { name: 'legacy', klass: 'StandaloneVM', tags: [] },
  { name: 'sys-net', klass: 'AppVM', tags: [] },
  { name: 'sys-firewall', klass: 'AppVM', tags: [] },
  { name: 'sys-gui', klass: 'AppVM', tags: [] },
  { name: 'from-aa', klass: 'AppVM', tags: [] },
  { name: 'from-aub', klass: 'AppVM', tags: [] },
  { name: 'from-a-z', klass: 'AppVM', tags: [] },
];

export const TEST_QUBE_NAMES: readonly string[] = QUBES.map((q) => q.name);
const byName = new Map(QUBES.map((q) => [q.name, q]));
export const testQubes: PolicyQubes = { get: (name) => byName.get(name) };
