/**
 * Checks on the JSON a command hands a view. The daemon is ours, but a view
 * must fail with a message, not draw `undefined`, when a shape changes.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${what}: expected a list`);
  return v;
}

export function asObject(v: unknown, what: string): JsonObject {
  if (!isObject(v)) throw new Error(`${what}: expected an object`);
  return v;
}

export function text(o: JsonObject, key: string, fallback = ''): string {
  const v = o[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

export function num(o: JsonObject, key: string, fallback = 0): number {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
