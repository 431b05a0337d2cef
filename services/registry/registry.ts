/**
 * The qube registry: every qube the daemon knows, its declared properties
 * (set values plus defaults resolved on read), the global preferences, tags
 * and features. Every change is validated against the whole registry and is
 * undone if it would leave it inconsistent; listeners hear of each change.
 */
import { findGlobalProperty, GLOBAL_PROPERTIES } from './global-properties.js';
import { isAssignableQid, MAX_QID, QID_CAPACITY } from './address-plan.js';
import type { PropValue, QubeContext, QubePropertyDef, QubeView, RegistryView } from './property-types.js';
import { coerce } from './property-types.js';
import { isQubeClass } from './qube-class.js';
import type { QubeClass } from './qube-class.js';
import { formatNameProblem, qubeNameProblem } from './qube-name.js';
import { findQubeProperty, propertiesOf } from './qube-properties.js';
import type { RegistryDocument } from './registry-document.js';
import { parseRegistryDocument, REGISTRY_SCHEMA, REGISTRY_SCHEMA_VERSION } from './registry-document.js';
import { invalidValue, RegistryError } from './registry-error.js';
import { featureNameProblem, featureValueProblem, tagProblem } from './tags-features.js';

export const ADMIN_QUBE = 'dom0';

export interface PropertyState {
  value: PropValue;
  /** True when no value is set and the default applies. */
  isDefault: boolean;
}

export interface QubeInfo {
  name: string;
  klass: QubeClass;
  qid: number;
  tags: string[];
  features: Record<string, string>;
}

export type RegistryEvent =
  | { type: 'qube-added'; qube: string; klass: QubeClass }
  | { type: 'qube-removed'; qube: string }
  | { type: 'qube-renamed'; qube: string; oldName: string }
  | { type: 'property-set' | 'property-reset'; qube: string; property: string; value: PropValue; oldValue: PropValue }
  | { type: 'global-set' | 'global-reset'; property: string; value: PropValue; oldValue: PropValue }
  | { type: 'tag-added' | 'tag-removed'; qube: string; tag: string }
  | { type: 'feature-set'; qube: string; feature: string; value: string }
  | { type: 'feature-removed'; qube: string; feature: string };

/** Called after each change is committed; must not throw. */
export type RegistryListener = (event: RegistryEvent) => void;

export interface RegistryOptions {
  /** Tells whether a qube runs now; changes marked "refused while running" consult it. Default: nothing runs. */
  isRunning?: (qube: string) => boolean;
}

interface QubeRecord extends QubeView {
  name: string;
  readonly klass: QubeClass;
  readonly qid: number;
  props: Map<string, PropValue>;
  tags: Set<string>;
  features: Map<string, string>;
}

export class Registry {
  private readonly qubeMap = new Map<string, QubeRecord>();
  private readonly globalValues = new Map<string, PropValue>();
  private readonly listeners = new Set<RegistryListener>();
  private readonly isRunningFn: (qube: string) => boolean;
  private readonly view: RegistryView;

  constructor(options: RegistryOptions = {}) {
    this.isRunningFn = options.isRunning ?? (() => false);
    this.view = {
      qube: (name) => this.qubeMap.get(name),
      qubes: () => [...this.qubeMap.values()],
      value: (qube, property) => {
        const r = this.mustGet(qube);
        return this.effective(r, this.mustDef(r, property));
      },
      isSet: (qube, property) => this.mustGet(qube).props.has(property),
      global: (property) => this.getGlobal(property).value,
      isRunning: (qube) => this.isRunningFn(qube),
    };
    this.qubeMap.set(ADMIN_QUBE, newRecord(ADMIN_QUBE, 'AdminVM', 0));
  }

  onChange(listener: RegistryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  has(name: string): boolean {
    return this.qubeMap.has(name);
  }

  get(name: string): QubeInfo | undefined {
    const r = this.qubeMap.get(name);
    return r && info(r);
  }

  /** dom0 first, then by name, as qvm-ls lists them. */
  list(): QubeInfo[] {
    const rank = (r: QubeRecord): string => `${r.klass === 'AdminVM' ? 0 : 1}${r.name}`;
    return [...this.qubeMap.values()].sort((a, b) => (rank(a) < rank(b) ? -1 : 1)).map(info);
  }

  /** Names of the properties the qube's class has. */
  propertyNames(name: string): string[] {
    return propertiesOf(this.mustGet(name).klass).map((p) => p.name);
  }

  getProperty(name: string, property: string): PropertyState {
    const r = this.mustGet(name);
    const def = this.mustDef(r, property);
    return { value: this.effective(r, def), isDefault: !r.props.has(property) };
  }

  add(klass: string, name: string, props: Record<string, unknown> = {}): QubeInfo {
    if (!isQubeClass(klass) || klass === 'AdminVM') {
      throw new RegistryError('invalid-value', `cannot create ${name}: class must be one of TemplateVM, AppVM, StandaloneVM, DispVM (got ${JSON.stringify(klass)})`, name, 'class', klass);
    }
    this.checkNewName(name);
    const r = newRecord(name, klass, this.nextQid());
    this.insert(r, props);
    this.emit({ type: 'qube-added', qube: name, klass });
    return info(r);
  }

  /** A new qube of the same class with the source's set properties, tags and features; it gets its own qid and so its own IP. Volumes are copied elsewhere. */
  clone(source: string, newName: string, props: Record<string, unknown> = {}): QubeInfo {
    const src = this.mustGet(source);
    if (src.klass === 'AdminVM' || src.klass === 'DispVM') {
      throw new RegistryError('invalid-value', `cannot clone ${source}: a ${src.klass} cannot be cloned`, source);
    }
    this.checkNewName(newName);
    const r = newRecord(newName, src.klass, this.nextQid());
    r.tags = new Set(src.tags);
    r.features = new Map(src.features);
    const copied = Object.fromEntries([...src.props].filter(([k]) => k !== 'ip'));
    this.insert(r, { ...copied, ...props });
    this.emit({ type: 'qube-added', qube: newName, klass: src.klass });
    return info(r);
  }

  remove(name: string): void {
    const r = this.mustGet(name);
    if (r.klass === 'AdminVM') throw new RegistryError('invalid-value', `cannot remove ${name}: it is the admin qube`, name);
    if (this.isRunningFn(name)) throw new RegistryError('qube-running', `cannot remove ${name}: it is running`, name);
    const users = this.referrers(name);
    if (users.length > 0) throw new RegistryError('in-use', `cannot remove ${name}: used by ${users.join(', ')}`, name);
    this.qubeMap.delete(name);
    this.commitOrUndo(() => this.qubeMap.set(name, r), (p) => new RegistryError('in-use', `cannot remove ${name}: ${p}`, name));
    this.emit({ type: 'qube-removed', qube: name });
  }

  /** Where a qube is named: "work (netvm)", "global default_netvm". Defaults are not listed; they follow a global or a template, which is. */
  referrers(name: string): string[] {
    const users: string[] = [];
    for (const r of this.qubeMap.values()) {
      if (r.name === name) continue;
      for (const [k, v] of r.props) if (v === name && findQubeProperty(k)?.type.kind === 'qube') users.push(`${r.name} (${k})`);
    }
    for (const [k, v] of this.globalValues) if (v === name && findGlobalProperty(k)?.type.kind === 'qube') users.push(`global ${k}`);
    return users;
  }

  /** Renames a halted qube and every place that names it. */
  rename(oldName: string, newName: string): void {
    const r = this.mustGet(oldName);
    if (r.klass === 'AdminVM') throw new RegistryError('invalid-value', `cannot rename ${oldName}: it is the admin qube`, oldName);
    if (this.isRunningFn(oldName)) throw new RegistryError('qube-running', `cannot rename ${oldName}: it is running`, oldName);
    this.checkNewName(newName);
    this.qubeMap.delete(oldName);
    r.name = newName;
    this.qubeMap.set(newName, r);
    for (const q of this.qubeMap.values()) {
      for (const [k, v] of q.props) if (v === oldName && findQubeProperty(k)?.type.kind === 'qube') q.props.set(k, newName);
    }
    for (const [k, v] of this.globalValues) if (v === oldName && findGlobalProperty(k)?.type.kind === 'qube') this.globalValues.set(k, newName);
    this.emit({ type: 'qube-renamed', qube: newName, oldName });
  }

  set(name: string, property: string, raw: unknown): void {
    const r = this.mustGet(name);
    const def = this.mustDef(r, property);
    this.assign(r, def, this.checkValue(r, def, raw), 'property-set');
  }

  /** Back to the default; a property fixed at creation stores the current default again. */
  reset(name: string, property: string): void {
    const r = this.mustGet(name);
    const def = this.mustDef(r, property);
    if (def.fixAtCreation) {
      this.assign(r, def, this.checkValue(r, def, def.default(this.ctx(r))), 'property-reset');
      return;
    }
    if (!r.props.has(property)) return;
    const value = def.default(this.ctx(r));
    if (value === null && def.required) throw invalidValue(r.name, def.name, null, `${def.name} is required and has no default to go back to`);
    if (value !== null) this.checkValue(r, def, value);
    this.assign(r, def, undefined, 'property-reset');
  }

  getGlobal(property: string): PropertyState {
    const def = findGlobalProperty(property);
    if (!def) throw noSuchGlobal(property);
    const set = this.globalValues.has(property);
    return { value: set ? (this.globalValues.get(property) ?? null) : def.default, isDefault: !set };
  }

  globals(): Record<string, PropertyState> {
    return Object.fromEntries(GLOBAL_PROPERTIES.map((p) => [p.name, this.getGlobal(p.name)]));
  }

  setGlobal(property: string, raw: unknown): void {
    const value = this.checkGlobal(property, raw);
    this.assignGlobal(property, value, 'global-set');
  }

  resetGlobal(property: string): void {
    const def = findGlobalProperty(property);
    if (!def) throw noSuchGlobal(property);
    if (!this.globalValues.has(property)) return;
    this.checkGlobal(property, def.default);
    this.assignGlobal(property, undefined, 'global-reset');
  }

  tags(name: string): string[] {
    return [...this.mustGet(name).tags].sort();
  }

  addTag(name: string, tag: string): void {
    const r = this.mustGet(name);
    const problem = tagProblem(tag);
    if (problem) throw invalidValue(name, 'tag', tag, problem);
    if (r.tags.has(tag)) return;
    r.tags.add(tag);
    this.emit({ type: 'tag-added', qube: name, tag });
  }

  removeTag(name: string, tag: string): void {
    const r = this.mustGet(name);
    if (r.tags.delete(tag)) this.emit({ type: 'tag-removed', qube: name, tag });
  }

  features(name: string): Record<string, string> {
    return Object.fromEntries(this.mustGet(name).features);
  }

  setFeature(name: string, feature: string, value: string): void {
    const r = this.mustGet(name);
    const problem = featureNameProblem(feature) ?? featureValueProblem(value);
    if (problem) throw invalidValue(name, `feature ${feature}`, value, problem);
    if (r.features.get(feature) === value) return;
    r.features.set(feature, value);
    this.emit({ type: 'feature-set', qube: name, feature, value });
  }

  removeFeature(name: string, feature: string): void {
    const r = this.mustGet(name);
    if (r.features.delete(feature)) this.emit({ type: 'feature-removed', qube: name, feature });
  }

  toDocument(): RegistryDocument {
    return {
      schema: REGISTRY_SCHEMA,
      version: REGISTRY_SCHEMA_VERSION,
      globals: Object.fromEntries(this.globalValues),
      qubes: [...this.qubeMap.values()].map((r) => ({
        name: r.name,
        class: r.klass,
        qid: r.qid,
        properties: Object.fromEntries(r.props),
        tags: [...r.tags].sort(),
        features: Object.fromEntries(r.features),
      })),
    };
  }

  /** Builds a registry from an untrusted document, checking it as thoroughly as the changes that made it. */
  static fromDocument(doc: unknown, options: RegistryOptions = {}): Registry {
    const parsed = parseRegistryDocument(doc);
    const reg = new Registry(options);
    reg.qubeMap.clear();
    const bad = (m: string): RegistryError => new RegistryError('invalid-document', `registry document: ${m}`);
    const qids = new Set<number>();
    for (const q of parsed.qubes) {
      if (!isQubeClass(q.class)) throw bad(`${q.name}: unknown class ${JSON.stringify(q.class)}`);
      const isAdmin = q.class === 'AdminVM';
      if (isAdmin !== (q.name === ADMIN_QUBE) || isAdmin !== (q.qid === 0)) throw bad(`${q.name}: only ${ADMIN_QUBE}, qid 0, is the AdminVM`);
      const problem = isAdmin ? null : qubeNameProblem(q.name);
      if (problem) throw bad(formatNameProblem(q.name, problem));
      if (reg.qubeMap.has(q.name)) throw bad(`${q.name} is listed twice`);
      if (qids.has(q.qid) || (!isAdmin && !isAssignableQid(q.qid))) throw bad(`${q.name}: qid ${q.qid} is taken or out of range`);
      qids.add(q.qid);
      const r = newRecord(q.name, q.class, q.qid);
      for (const [k, raw] of Object.entries(q.properties)) {
        const def = findQubeProperty(k);
        if (!def || !def.classes.includes(q.class)) throw bad(`${q.name}: a ${q.class} has no property ${k}`);
        const c = coerce(def.type, def.nullable, raw);
        if ('problem' in c) throw bad(`${q.name}: ${k} ${JSON.stringify(raw)} ${c.problem}`);
        r.props.set(k, c.value);
      }
      for (const t of q.tags) if (tagProblem(t)) throw bad(`${q.name}: tag ${JSON.stringify(t)}: ${tagProblem(t)}`);
      for (const [k, v] of Object.entries(q.features)) {
        const p = featureNameProblem(k) ?? featureValueProblem(v);
        if (p) throw bad(`${q.name}: feature ${k}: ${p}`);
      }
      r.tags = new Set(q.tags);
      r.features = new Map(Object.entries(q.features));
      reg.qubeMap.set(q.name, r);
    }
    if (!reg.qubeMap.has(ADMIN_QUBE)) throw bad(`${ADMIN_QUBE} is missing`);
    for (const [k, raw] of Object.entries(parsed.globals)) {
      const def = findGlobalProperty(k);
      if (!def) throw bad(`no global preference ${k}`);
      const c = coerce(def.type, def.nullable, raw);
      if ('problem' in c) throw bad(`global ${k} ${JSON.stringify(raw)} ${c.problem}`);
      reg.globalValues.set(k, c.value);
    }
    const problem = reg.consistencyProblem();
    if (problem) throw bad(problem);
    return reg;
  }

  // ---- internals ----

  private ctx(r: QubeRecord): QubeContext {
    return { reg: this.view, qube: r };
  }

  private effective(r: QubeRecord, def: QubePropertyDef): PropValue {
    return r.props.has(def.name) ? (r.props.get(def.name) ?? null) : def.default(this.ctx(r));
  }

  private mustGet(name: string): QubeRecord {
    const r = this.qubeMap.get(name);
    if (!r) throw new RegistryError('no-such-qube', `no qube named ${JSON.stringify(name)}`, name);
    return r;
  }

  private mustDef(r: QubeRecord, property: string): QubePropertyDef {
    const def = findQubeProperty(property);
    if (!def || !def.classes.includes(r.klass)) {
      const known = propertiesOf(r.klass).map((p) => p.name).join(', ');
      throw new RegistryError('no-such-property', `${r.name}: a ${r.klass} has no property ${JSON.stringify(property)} (it has: ${known})`, r.name, property);
    }
    return def;
  }

  private checkNewName(name: string): void {
    const problem = qubeNameProblem(name);
    if (problem) throw new RegistryError('invalid-name', formatNameProblem(name, problem), name);
    if (this.qubeMap.has(name)) throw new RegistryError('name-in-use', `a qube named ${name} already exists`, name);
  }

  private nextQid(): number {
    const used = new Set([...this.qubeMap.values()].map((r) => r.qid));
    for (let qid = 1; qid <= MAX_QID; qid++) if (isAssignableQid(qid) && !used.has(qid)) return qid;
    throw new RegistryError('invalid-value', `no free qube index: at most ${QID_CAPACITY} qubes`);
  }

  /** Coerces and validates one value for one qube's property, including the running-qube rules. */
  private checkValue(r: QubeRecord, def: QubePropertyDef, raw: unknown): PropValue {
    if (def.readOnlyFor?.includes(r.klass)) {
      throw new RegistryError('read-only', `${r.name}: the ${def.name} of a ${r.klass} cannot change after creation`, r.name, def.name, raw);
    }
    const running = this.isRunningFn(r.name);
    if (running && def.whileRunning === 'refused') {
      throw new RegistryError('qube-running', `${r.name}: cannot change ${def.name} while the qube is running`, r.name, def.name, raw);
    }
    const c = coerce(def.type, def.nullable, raw);
    if ('problem' in c) throw invalidValue(r.name, def.name, raw, c.problem);
    const ctx = this.ctx(r);
    const problem = def.validate?.(c.value, ctx) ?? def.changeCheck?.(c.value, ctx) ?? (running ? def.liveCheck?.(c.value, ctx) : null);
    if (problem) throw invalidValue(r.name, def.name, raw, problem);
    return c.value;
  }

  /** Stores (or, with undefined, clears) a value, keeping it only if the registry stays consistent. */
  private assign(r: QubeRecord, def: QubePropertyDef, stored: PropValue | undefined, type: 'property-set' | 'property-reset'): void {
    const oldValue = this.effective(r, def);
    const hadOld = r.props.has(def.name);
    const old = r.props.get(def.name);
    if (stored === undefined) r.props.delete(def.name);
    else r.props.set(def.name, stored);
    const value = this.effective(r, def);
    this.commitOrUndo(
      () => (hadOld ? r.props.set(def.name, old ?? null) : r.props.delete(def.name)),
      (p) => invalidValue(r.name, def.name, value, p),
    );
    this.emit({ type, qube: r.name, property: def.name, value, oldValue });
  }

  private checkGlobal(property: string, raw: unknown): PropValue {
    const def = findGlobalProperty(property);
    if (!def) throw noSuchGlobal(property);
    const c = coerce(def.type, def.nullable, raw);
    if ('problem' in c) throw invalidValue('global', property, raw, c.problem);
    const problem = def.validate?.(c.value, this.view);
    if (problem) throw invalidValue('global', property, raw, problem);
    return c.value;
  }

  private assignGlobal(property: string, stored: PropValue | undefined, type: 'global-set' | 'global-reset'): void {
    const oldValue = this.getGlobal(property).value;
    const hadOld = this.globalValues.has(property);
    const old = this.globalValues.get(property);
    if (stored === undefined) this.globalValues.delete(property);
    else this.globalValues.set(property, stored);
    const value = this.getGlobal(property).value;
    this.commitOrUndo(
      () => (hadOld ? this.globalValues.set(property, old ?? null) : this.globalValues.delete(property)),
      (p) => invalidValue('global', property, value, p),
    );
    this.emit({ type, property, value, oldValue });
  }

  /** Adds a new record with its initial values, or leaves the registry untouched if they are not acceptable. */
  private insert(r: QubeRecord, props: Record<string, unknown>): void {
    const given: [QubePropertyDef, unknown][] = Object.entries(props).map(([k, raw]) => [this.mustDef(r, k), raw]);
    for (const [def, raw] of given) {
      const c = coerce(def.type, def.nullable, raw);
      if ('problem' in c) throw invalidValue(r.name, def.name, raw, c.problem);
      r.props.set(def.name, c.value);
    }
    this.qubeMap.set(r.name, r);
    try {
      // Validated only once all are in place: a netvm or template check may read the others.
      for (const [def, raw] of given) {
        const problem = def.validate?.(r.props.get(def.name) ?? null, this.ctx(r));
        if (problem) throw invalidValue(r.name, def.name, raw, problem);
      }
      for (const def of propertiesOf(r.klass)) {
        if (def.fixAtCreation && !r.props.has(def.name)) {
          const value = def.default(this.ctx(r));
          if (value === null) throw new RegistryError('invalid-value', `cannot create ${r.name}: ${def.name} is required and has no default`, r.name, def.name);
          const problem = def.validate?.(value, this.ctx(r));
          if (problem) throw invalidValue(r.name, def.name, value, problem);
          r.props.set(def.name, value);
        }
      }
      const problem = this.consistencyProblem();
      if (problem) throw new RegistryError('invalid-value', `cannot create ${r.name}: ${problem}`, r.name);
    } catch (e) {
      this.qubeMap.delete(r.name);
      throw e;
    }
  }

  private commitOrUndo(undo: () => void, error: (problem: string) => RegistryError): void {
    const problem = this.consistencyProblem();
    if (problem) {
      undo();
      throw error(problem);
    }
  }

  /**
   * The first thing wrong with the registry as a whole, or null: every
   * effective value passes its validator, required values exist, no netvm
   * loop, memory within maxmem. Run after every change.
   */
  private consistencyProblem(): string | null {
    const ipOwner = new Map<PropValue, string>();
    // Globals first: a bad global shows up in every qube that follows it, and is the cause to name.
    for (const def of GLOBAL_PROPERTIES) {
      const v = this.getGlobal(def.name).value;
      const problem = v === null ? null : def.validate?.(v, this.view);
      if (problem) return `global ${def.name} ${JSON.stringify(v)}: ${problem}`;
    }
    for (const r of this.qubeMap.values()) {
      for (const def of propertiesOf(r.klass)) {
        const v = this.effective(r, def);
        if (v === null) {
          if (def.required) return `${r.name}: ${def.name} is required`;
          continue;
        }
        const problem = def.validate?.(v, this.ctx(r));
        if (problem) return `${r.name}: ${def.name} ${JSON.stringify(v)}: ${problem}`;
      }
      if (r.klass !== 'AdminVM') {
        const ip = this.view.value(r.name, 'ip');
        const other = ipOwner.get(ip);
        if (other !== undefined) return `address ${String(ip)} would belong to both ${other} and ${r.name}`;
        if (ip !== null) ipOwner.set(ip, r.name);
      }
      const loop = this.netvmLoop(r);
      if (loop) return `netvm loop: ${loop.join(' → ')}`;
      if (r.klass !== 'AdminVM') {
        const memory = Number(this.view.value(r.name, 'memory'));
        const maxmem = Number(this.view.value(r.name, 'maxmem'));
        if (maxmem > 0 && memory > maxmem) return `${r.name}: memory ${memory} MiB exceeds maxmem ${maxmem} MiB`;
      }
    }
    return null;
  }

  private netvmLoop(start: QubeRecord): string[] | null {
    const path = [start.name];
    let cur: QubeRecord | undefined = start;
    while (cur && cur.klass !== 'AdminVM') {
      const next = this.view.value(cur.name, 'netvm');
      if (typeof next !== 'string') return null;
      const seen = path.includes(next);
      path.push(next);
      if (seen) return next === start.name ? path : null;
      cur = this.qubeMap.get(next);
    }
    return null;
  }

  private emit(event: RegistryEvent): void {
    for (const l of this.listeners) l(event);
  }
}

function newRecord(name: string, klass: QubeClass, qid: number): QubeRecord {
  return { name, klass, qid, props: new Map(), tags: new Set(), features: new Map() };
}

function info(r: QubeRecord): QubeInfo {
  return { name: r.name, klass: r.klass, qid: r.qid, tags: [...r.tags].sort(), features: Object.fromEntries(r.features) };
}

function noSuchGlobal(property: string): RegistryError {
  const known = GLOBAL_PROPERTIES.map((p) => p.name).join(', ');
  return new RegistryError('no-such-property', `no global preference ${JSON.stringify(property)} (there are: ${known})`, undefined, property);
}
