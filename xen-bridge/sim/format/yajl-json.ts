/**
 * JSON laid out the way libxl's yajl generator beautifies it (4-space indent,
 * an empty object or array as an open and close bracket with a blank line
 * between), so `xl list -l` output matches real xl byte for byte.
 */
export type YajlValue = string | number | boolean | null | readonly YajlValue[] | { readonly [key: string]: YajlValue };

const INDENT = '    ';

export function yajlStringify(value: YajlValue, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = INDENT.repeat(depth + 1);
  const outer = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    const items = value as readonly YajlValue[];
    if (items.length === 0) return `[\n\n${outer}]`;
    return `[\n${items.map((v) => inner + yajlStringify(v, depth + 1)).join(',\n')}\n${outer}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: YajlValue });
  if (entries.length === 0) return `{\n\n${outer}}`;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${yajlStringify(v, depth + 1)}`).join(',\n')}\n${outer}}`;
}
