import { ok, parseError, type Result } from '../result.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface JsonDocument {
  value: JsonValue;
  /** 1-based line where an object or array of the document starts, for messages about its content. */
  lineOf(node: object): number;
  /** The text of a 1-based line. */
  lineText(line: number): string;
}

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/**
 * A strict JSON (RFC 8259) reader that reports the line of a syntax error,
 * which JSON.parse in Node 20 does not, and remembers where each object
 * starts so that checks on the content can name a line too.
 */
export function parseJsonText(what: string, text: string): Result<JsonDocument> {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const lineText = (line: number): string => text.slice(lineStarts[line - 1] ?? text.length).split('\n', 1)[0] ?? '';
  const starts = new WeakMap<object, number>();
  let pos = 0;

  const fail = (message: string, at = pos): never => {
    throw new JsonSyntaxError(at, message);
  };
  const skipBlanks = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos] ?? '')) pos++;
  };
  const expect = (s: string): void => {
    if (!text.startsWith(s, pos)) fail(pos >= text.length ? 'JSON ends too early' : `expected ${JSON.stringify(s)}`);
    pos += s.length;
  };

  const readString = (): string => {
    const m = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    m.lastIndex = pos;
    const found = m.exec(text);
    if (!found) return fail(text[pos] === '"' ? 'bad or unterminated string' : 'expected a string');
    pos += found[0].length;
    return JSON.parse(found[0]) as string;
  };

  const readValue = (): JsonValue => {
    skipBlanks();
    const c = text[pos];
    if (c === '{') {
      const obj: JsonObject = {};
      starts.set(obj, pos);
      pos++;
      skipBlanks();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skipBlanks();
        const key = readString();
        skipBlanks();
        expect(':');
        obj[key] = readValue();
        skipBlanks();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect('}');
        return obj;
      }
    }
    if (c === '[') {
      const arr: JsonValue[] = [];
      starts.set(arr, pos);
      pos++;
      skipBlanks();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(readValue());
        skipBlanks();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        expect(']');
        return arr;
      }
    }
    if (c === '"') return readString();
    const lit = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    lit.lastIndex = pos;
    const found = lit.exec(text);
    if (!found) return fail(pos >= text.length ? 'JSON ends too early' : 'unexpected character');
    pos += found[0].length;
    return found[0] === 'true' ? true : found[0] === 'false' ? false : found[0] === 'null' ? null : Number(found[0]);
  };

  try {
    const value = readValue();
    skipBlanks();
    if (pos < text.length) fail('text after the end of the JSON value');
    return ok({ value, lineOf: (node: object) => lineAt(starts.get(node) ?? 0), lineText });
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const line = lineAt(Math.min(e.offset, text.length));
    return parseError(what, line, lineText(line), e.message);
  }
}

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
