/**
 * Every qube property, declared once: type, classes, default, validator and
 * whether it may change while the qube runs. Defaults and semantics follow
 * qubes-core-admin (qubes/vm/qubesvm.py, appvm.py, dispvm.py, mix/net.py).
 */
import { derivedIp } from './address-plan.js';
import type { QubeClass } from './qube-class.js';
import { isTemplateBased } from './qube-class.js';
import type { PropValue, QubeContext, QubePropertyDef, RegistryView } from './property-types.js';
import { dispvmTemplateProblem, isUp, netvmProblem, templateProblem } from './reference-checks.js';

/** Qubes' defaults (qubes/config.py) for qubes without PCI devices. */
export const DEFAULT_MEMORY_MIB = 400;
export const DEFAULT_MAXMEM_MIB = 4000;
export const DEFAULT_VCPUS = 2;
export const DEFAULT_KERNELOPTS = 'swiotlb=2048';
/** Qubes caps kernelopts at 512 characters to stay inside Xen's 1024-byte boot command line. */
export const MAX_KERNELOPTS_LENGTH = 512;

const ALL_BUT_ADMIN: readonly QubeClass[] = ['TemplateVM', 'AppVM', 'StandaloneVM', 'DispVM'];
const NETWORKED: readonly QubeClass[] = ['AppVM', 'StandaloneVM', 'DispVM'];

/** The qube's template, when it is template-based and has one. */
function templateOf({ reg, qube }: QubeContext): string | null {
  if (!isTemplateBased(qube.klass)) return null;
  const t = reg.value(qube.name, 'template');
  return typeof t === 'string' && reg.qube(t) ? t : null;
}

/** Like Qubes' `_default_with_template`: template-based qubes take the template's value. */
function fromTemplateOr(property: string, fallback: (ctx: QubeContext) => PropValue): (ctx: QubeContext) => PropValue {
  return (ctx) => {
    const t = templateOf(ctx);
    return t === null ? fallback(ctx) : ctx.reg.value(t, property);
  };
}

function hasProperty(klass: QubeClass, property: string): boolean {
  return QUBE_PROPERTIES.some((p) => p.name === property && p.classes.includes(klass));
}

/**
 * Qubes whose own (set) `property` names `target`. Qubes that reach it
 * through a default are covered by the global or template that names it.
 */
export function usersOf(reg: RegistryView, property: string, target: string): string[] {
  return reg
    .qubes()
    .filter((q) => q.name !== target && hasProperty(q.klass, property) && reg.isSet(q.name, property) && reg.value(q.name, property) === target)
    .map((q) => q.name);
}

function refusedWhileUsed(users: string[], how: string): string | null {
  return users.length === 0 ? null : `${how} by ${users.join(', ')}`;
}

function isNetworked(ctx: QubeContext): boolean {
  const { reg, qube } = ctx;
  if (qube.klass === 'AdminVM') return false;
  if (hasProperty(qube.klass, 'provides_network') && reg.value(qube.name, 'provides_network') === true) return true;
  return reg.value(qube.name, 'netvm') !== null;
}

const KERNEL_RE = /^[A-Za-z0-9._+-]{0,64}$/;

/** Kernel names become a folder name in dom0, so only a version-like word is accepted. */
export function kernelNameProblem(v: PropValue, allowEmpty: boolean): string | null {
  if (typeof v === 'string' && KERNEL_RE.test(v) && (allowEmpty || v !== '')) return null;
  return `a kernel is a version like 6.6.63-1.fc37 (letters, digits, ".", "_", "+", "-")${allowEmpty ? '; empty means the qube’s own kernel' : ''}`;
}
/** Printable ASCII without quotes or backslashes: the value is written into an xl.cfg string. */
const KERNELOPTS_RE = /^[\x20-\x7e]*$/;

export const QUBE_PROPERTIES: readonly QubePropertyDef[] = [
  {
    name: 'label',
    type: { kind: 'label' },
    classes: ['AdminVM', ...ALL_BUT_ADMIN],
    nullable: false,
    required: true,
    fixAtCreation: false,
    // Qubes has no default label: every qube but dom0 is given one when created.
    default: ({ qube }) => (qube.klass === 'AdminVM' ? 'black' : null),
    whileRunning: 'live',
    doc: 'Colour of the qube’s windows and borders; says how much it is trusted.',
  },
  {
    name: 'template',
    type: { kind: 'qube' },
    classes: ['AppVM', 'DispVM'],
    nullable: false,
    required: true,
    // Stored when the qube is created, as Qubes does: a later change of the global default must not move existing qubes to another root filesystem.
    fixAtCreation: true,
    // A disposable lives and dies with the template it was made from, as in Qubes.
    readOnlyFor: ['DispVM'],
    default: ({ reg, qube }) => reg.global(qube.klass === 'DispVM' ? 'default_dispvm' : 'default_template'),
    validate: (v, { reg, qube }) => (qube.klass === 'DispVM' ? dispvmTemplateProblem(reg, v) : templateProblem(reg, v)),
    whileRunning: 'refused',
    doc: 'The TemplateVM lending its root filesystem; for a DispVM, the disposable template it is made from.',
  },
  {
    name: 'netvm',
    type: { kind: 'qube' },
    classes: ALL_BUT_ADMIN,
    nullable: true,
    required: false,
    fixAtCreation: false,
    default: (ctx) => {
      const { reg, qube } = ctx;
      if (qube.klass === 'TemplateVM') return null;
      if (qube.klass === 'DispVM') {
        const t = templateOf(ctx);
        return t === null ? null : reg.value(t, 'netvm');
      }
      const d = reg.global('default_netvm');
      // The default netvm itself cannot route through itself.
      return d === qube.name ? null : d;
    },
    validate: (v, { reg, qube }) => {
      if (v === null) return null;
      if (v === qube.name) return 'a qube cannot be its own netvm';
      return netvmProblem(reg, v);
    },
    // Qubes hot-plugs the network of a running qube, but only onto a netvm that is itself running.
    liveCheck: (v, { reg }) => (typeof v === 'string' && !isUp(reg, v) ? `${v} is not running (a running qube can only be attached to a running netvm)` : null),
    whileRunning: 'live',
    doc: 'The qube that gives this one its network; none means offline.',
  },
  {
    name: 'provides_network',
    type: { kind: 'bool' },
    classes: NETWORKED,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: () => false,
    changeCheck: (v, { reg, qube }) => {
      if (v === true) return null;
      const users = usersOf(reg, 'netvm', qube.name);
      if (reg.global('default_netvm') === qube.name) users.push('global default_netvm');
      return refusedWhileUsed(users, 'it is used as netvm');
    },
    whileRunning: 'next-start',
    doc: 'Whether other qubes may use this one as their netvm.',
  },
  {
    name: 'memory',
    type: { kind: 'int', min: 1 },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: fromTemplateOr('memory', () => DEFAULT_MEMORY_MIB),
    whileRunning: 'next-start',
    doc: 'Initial memory in MiB; the balancer may grow it up to maxmem.',
  },
  {
    name: 'maxmem',
    type: { kind: 'int', min: 0 },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    // Qubes also caps this at half the host's memory (and 10× memory for Linux qubes); the host is not modelled here.
    default: fromTemplateOr('maxmem', () => DEFAULT_MAXMEM_MIB),
    whileRunning: 'next-start',
    doc: 'Most memory in MiB the balancer may give the qube; 0 turns balancing off.',
  },
  {
    name: 'vcpus',
    type: { kind: 'int', min: 1 },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: fromTemplateOr('vcpus', () => DEFAULT_VCPUS),
    whileRunning: 'next-start',
    doc: 'Number of virtual CPUs.',
  },
  {
    name: 'virt_mode',
    type: { kind: 'enum', values: ['pvh', 'hvm', 'pv'] },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    // Qubes picks hvm for qubes with PCI devices; PCI assignment is not modelled, so pvh.
    default: fromTemplateOr('virt_mode', () => 'pvh'),
    whileRunning: 'next-start',
    doc: 'Virtualisation mode: pvh, hvm or pv.',
  },
  {
    name: 'kernel',
    type: { kind: 'string' },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: fromTemplateOr('kernel', ({ reg }) => reg.global('default_kernel')),
    validate: (v) => kernelNameProblem(v, true),
    whileRunning: 'next-start',
    doc: 'dom0-provided kernel to boot; empty boots the qube’s own.',
  },
  {
    name: 'kernelopts',
    type: { kind: 'string' },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: (ctx) => (ctx.reg.value(ctx.qube.name, 'kernel') === '' ? '' : fromTemplateOr('kernelopts', () => DEFAULT_KERNELOPTS)(ctx)),
    validate: (v) => {
      if (typeof v !== 'string') return 'must be a string';
      if (v.length > MAX_KERNELOPTS_LENGTH) return `at most ${MAX_KERNELOPTS_LENGTH} characters`;
      return KERNELOPTS_RE.test(v) && !/["\\]/.test(v) ? null : 'printable ASCII only, without quotes or backslashes';
    },
    whileRunning: 'next-start',
    doc: 'Kernel command line.',
  },
  {
    name: 'autostart',
    type: { kind: 'bool' },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: () => false,
    whileRunning: 'live',
    doc: 'Start the qube when the host boots.',
  },
  {
    name: 'include_in_backups',
    type: { kind: 'bool' },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: () => true,
    whileRunning: 'live',
    doc: 'Include the qube in a default backup.',
  },
  {
    name: 'default_dispvm',
    type: { kind: 'qube' },
    classes: ['AdminVM', ...ALL_BUT_ADMIN],
    nullable: true,
    required: false,
    fixAtCreation: false,
    default: ({ reg }) => reg.global('default_dispvm'),
    validate: (v, { reg }) => (v === null ? null : dispvmTemplateProblem(reg, v)),
    whileRunning: 'live',
    doc: 'Disposable template used when this qube asks for a disposable.',
  },
  {
    name: 'template_for_dispvms',
    type: { kind: 'bool' },
    classes: ['AppVM'],
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: () => false,
    changeCheck: (v, { reg, qube }) => {
      if (v === true) return null;
      const users = [
        ...reg.qubes().filter((q) => q.klass === 'DispVM' && reg.value(q.name, 'template') === qube.name).map((q) => q.name),
        ...usersOf(reg, 'default_dispvm', qube.name).map((n) => `${n} (default_dispvm)`),
      ];
      if (reg.global('default_dispvm') === qube.name) users.push('global default_dispvm');
      return refusedWhileUsed(users, 'it is used as disposable template');
    },
    whileRunning: 'live',
    doc: 'Whether disposables may be made from this qube.',
  },
  {
    name: 'ip',
    type: { kind: 'ipv4' },
    classes: ALL_BUT_ADMIN,
    nullable: false,
    required: false,
    fixAtCreation: false,
    default: (ctx) => (isNetworked(ctx) ? derivedIp(ctx.qube.klass, ctx.qube.qid) : null),
    // Uniqueness is a whole-registry rule, checked by the registry after each change.
    whileRunning: 'next-start',
    doc: 'IPv4 address; derived from the qube’s index when it has a network, none otherwise.',
  },
];

export function findQubeProperty(name: string): QubePropertyDef | undefined {
  return QUBE_PROPERTIES.find((p) => p.name === name);
}

export function propertiesOf(klass: QubeClass): QubePropertyDef[] {
  return QUBE_PROPERTIES.filter((p) => p.classes.includes(klass));
}
