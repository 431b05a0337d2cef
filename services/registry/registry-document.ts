/**
 * The registry as a plain JSON document: what the store writes to disk.
 * Only explicitly set values are kept, so defaults keep following their
 * source (a global preference, the template) after a reload.
 */
import type { PropValue } from './property-types.js';
import { RegistryError } from './registry-error.js';

export const REGISTRY_SCHEMA = 'qtui.registry';
export const REGISTRY_SCHEMA_VERSION = 1;

export interface QubeDocument {
  name: string;
  class: string;
  qid: number;
  properties: Record<string, PropValue>;
  tags: string[];
  features: Record<string, string>;
}

export interface RegistryDocument {
  schema: typeof REGISTRY_SCHEMA;
  version: number;
  globals: Record<string, PropValue>;
  qubes: QubeDocument[];
}

function fail(message: string): never {
  throw new RegistryError('invalid-document', `registry document: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPropValue(v: unknown): v is PropValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function propRecord(v: unknown, where: string): Record<string, PropValue> {
  if (!isRecord(v)) fail(`${where} must be an object`);
  for (const [k, x] of Object.entries(v)) if (!isPropValue(x)) fail(`${where}.${k} must be a string, number, boolean or null`);
  return v as Record<string, PropValue>;
}

function parseQube(v: unknown, i: number): QubeDocument {
  const where = `qubes[${i}]`;
  if (!isRecord(v)) fail(`${where} must be an object`);
  const { name, class: klass, qid, properties, tags, features } = v;
  if (typeof name !== 'string') fail(`${where}.name must be a string`);
  if (typeof klass !== 'string') fail(`${where} (${name}).class must be a string`);
  if (typeof qid !== 'number' || !Number.isSafeInteger(qid) || qid < 0) fail(`${where} (${name}).qid must be a non-negative integer`);
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) fail(`${where} (${name}).tags must be a list of strings`);
  if (!isRecord(features) || !Object.values(features).every((f) => typeof f === 'string')) fail(`${where} (${name}).features must map names to strings`);
  return { name, class: klass, qid, properties: propRecord(properties, `${where} (${name}).properties`), tags, features: features as Record<string, string> };
}

/** Checks the shape of an untrusted value; the meaning (names, references) is checked when the registry is built from it. */
export function parseRegistryDocument(v: unknown): RegistryDocument {
  if (!isRecord(v)) fail('must be a JSON object');
  if (v.schema !== REGISTRY_SCHEMA) fail(`schema is ${JSON.stringify(v.schema)}, expected ${JSON.stringify(REGISTRY_SCHEMA)}`);
  const version = v.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) fail('version must be a positive integer');
  if (version > REGISTRY_SCHEMA_VERSION) {
    throw new RegistryError('unsupported-schema', `registry document version ${version} is newer than this qtui understands (${REGISTRY_SCHEMA_VERSION}); upgrade qtui instead of overwriting it`);
  }
  if (!Array.isArray(v.qubes)) fail('qubes must be a list');
  return { schema: REGISTRY_SCHEMA, version, globals: propRecord(v.globals, 'globals'), qubes: v.qubes.map(parseQube) };
}
