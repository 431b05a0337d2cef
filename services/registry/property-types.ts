/**
 * What a declared property is: its type (which also says how a string from
 * the command line becomes a value), its default, its validator, the classes
 * that have it and whether it may change while the qube runs. Qube properties
 * and global preferences share these shapes.
 */
import { findLabel, LABELS } from './labels.js';
import type { QubeClass } from './qube-class.js';

export type PropValue = string | number | boolean | null;

export type PropType =
  | { kind: 'int'; min: number }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'label' }
  | { kind: 'ipv4' }
  /** A qube name; null means "none". */
  | { kind: 'qube' };

/** The read side of the registry that defaults and validators may consult. */
export interface RegistryView {
  qube(name: string): QubeView | undefined;
  qubes(): readonly QubeView[];
  /** The effective value (set or default) of a property the qube's class has. */
  value(qube: string, property: string): PropValue;
  /** Whether the qube has its own value (not the default). */
  isSet(qube: string, property: string): boolean;
  global(property: string): PropValue;
  isRunning(qube: string): boolean;
}

export interface QubeView {
  readonly name: string;
  readonly klass: QubeClass;
  /** Per-qube index, never reused while the qube exists; dom0 is 0. IPs derive from it. */
  readonly qid: number;
}

/** When a change takes effect for a running qube; "refused" means the qube must be halted. */
export type WhileRunning = 'live' | 'next-start' | 'refused';

/** Returns why the value is refused, or null. Runs after the value was coerced to the property's type. */
export type Validator<C> = (value: PropValue, ctx: C) => string | null;

export interface QubeContext {
  reg: RegistryView;
  qube: QubeView;
}

export interface QubePropertyDef {
  name: string;
  type: PropType;
  classes: readonly QubeClass[];
  /** Null may be set (e.g. netvm none). */
  nullable: boolean;
  /** Must have a value once the qube exists: given at creation unless the default supplies one (Qubes requires a label). */
  required: boolean;
  /** The default is resolved once, at creation, and stored (a reset stores the then-current default again). */
  fixAtCreation: boolean;
  /** Classes for which the value never changes after creation. */
  readOnlyFor?: readonly QubeClass[];
  default: (ctx: QubeContext) => PropValue;
  validate?: Validator<QubeContext>;
  /** Extra condition for changing the property of a running qube. */
  liveCheck?: Validator<QubeContext>;
  /**
   * Checked when the value is changed, not in the whole-registry check: it
   * explains a refusal the referring side's validator would also cause (a
   * netvm must provide network), but names who is affected.
   */
  changeCheck?: Validator<QubeContext>;
  whileRunning: WhileRunning;
  doc: string;
}

export interface GlobalPropertyDef {
  name: string;
  type: PropType;
  nullable: boolean;
  default: PropValue;
  validate?: Validator<RegistryView>;
  doc: string;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Turns raw input (a JSON value, or a string from the command line) into a
 * value of the property's type; returns a reason string when it cannot.
 */
export function coerce(type: PropType, nullable: boolean, raw: unknown): { value: PropValue } | { problem: string } {
  if (type.kind === 'qube') {
    if (raw === null || raw === '' || raw === 'none') {
      return nullable ? { value: null } : { problem: 'must name a qube (none is not allowed here)' };
    }
    return typeof raw === 'string' ? { value: raw } : { problem: 'must be a qube name' };
  }
  if (raw === null) return nullable ? { value: null } : { problem: 'must not be none' };
  switch (type.kind) {
    case 'int': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'string' && /^-?\d{1,15}$/.test(raw)) n = Number(raw);
      else return { problem: 'must be an integer' };
      if (!Number.isSafeInteger(n)) return { problem: 'must be an integer' };
      if (n < type.min) return { problem: type.min === 1 ? 'must be positive' : `must be at least ${type.min}` };
      return { value: n };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { value: raw };
      if (typeof raw === 'string') {
        const w = raw.toLowerCase();
        if (TRUE_WORDS.has(w)) return { value: true };
        if (FALSE_WORDS.has(w)) return { value: false };
      }
      return { problem: 'must be true or false' };
    }
    case 'string':
      return typeof raw === 'string' ? { value: raw } : { problem: 'must be a string' };
    case 'enum':
      return typeof raw === 'string' && type.values.includes(raw) ? { value: raw } : { problem: `must be one of ${type.values.join(', ')}` };
    case 'label':
      return typeof raw === 'string' && findLabel(raw) ? { value: raw } : { problem: `must be one of ${LABELS.map((l) => l.name).join(', ')}` };
    case 'ipv4':
      return typeof raw === 'string' && IPV4_RE.test(raw) ? { value: raw } : { problem: 'must be an IPv4 address (a.b.c.d)' };
  }
}
