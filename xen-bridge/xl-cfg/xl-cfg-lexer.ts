/**
 * The lexical side of xl.cfg(5), as libxlu (Xen 4.17) reads it: identifiers
 * are lowercase, numbers are bare, every other value is a single- or
 * double-quoted string on one line, `#` comments run to the end of the line.
 *
 * Anything else is a "lexical error" whose text runs to the next blank, which
 * is why `kernel = /path` fails with "near `/path'". Line numbers and the
 * quirks of libxlu's error reporting are kept so the simulated xl prints what
 * the real one prints.
 */

export type TokenKind = 'IDENT' | 'STRING' | 'NUMBER' | 'NEWLINE' | '+=' | '=' | ';' | '[' | ']' | ',' | 'EOF';

export interface Token {
  kind: TokenKind;
  /** The matched source text; error messages quote it ("near `...'"). */
  text: string;
  /** The value of an IDENT, NUMBER or (unquoted) STRING. */
  value: string;
  /** libxlu's token location, which for a newline is the line it ends. */
  line: number;
}

/** A lexical error, reported through the same path as syntax errors. */
export interface LexicalError {
  /** libxlu's location for the report (not always the line the text is on). */
  locLine: number;
  text: string;
  message: string;
}

export type LexItem = { token: Token } | { error: LexicalError };

export interface LexResult {
  items: LexItem[];
  /** Characters such as `(` or `:` were seen: libxlu then hints that the file may be Python. */
  likelyPython: boolean;
}

const IDENT = /[a-z][_0-9a-z]*/y;
const NUMBER = /[0-9][0-9a-fx]*/y;
const COMMENT = /#[^\n]*\n/y;
const SINGLE_QUOTED = /'(?:[^'\\\n]|\\[^\n])*'/y;
const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\[^\n])*"/y;
const AFTER_BAD_CHAR = /[^ \t\n]*/y;
const PYTHONISH = '+-.():';
const PUNCTUATION: ReadonlySet<string> = new Set([',', '[', ']', '=', ';']);

function matchAt(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : null;
}

export function lexXlCfg(source: string): LexResult {
  const items: LexItem[] = [];
  let likelyPython = false;
  let line = 1;
  let pos = 0;
  const push = (kind: TokenKind, text: string, value: string, tokenLine = line): void => {
    items.push({ token: { kind, text, value, line: tokenLine } });
  };

  while (pos < source.length) {
    const c = source.charAt(pos);
    const ident = matchAt(IDENT, source, pos);
    if (ident !== null) {
      push('IDENT', ident, ident);
      pos += ident.length;
      continue;
    }
    const number = matchAt(NUMBER, source, pos);
    if (number !== null) {
      push('NUMBER', number, number);
      pos += number.length;
      continue;
    }
    if (c === ' ' || c === '\t') {
      pos++;
      continue;
    }
    if (c === '\n' || c === '#') {
      const text = c === '\n' ? '\n' : matchAt(COMMENT, source, pos);
      if (text !== null) {
        line++;
        push('NEWLINE', text, '', line - 1);
        pos += text.length;
        continue;
      }
    }
    if (c === '+' && source.charAt(pos + 1) === '=') {
      push('+=', '+=', '');
      pos += 2;
      continue;
    }
    if (PUNCTUATION.has(c)) {
      push(c as TokenKind, c, '');
      pos++;
      continue;
    }
    const quoted = c === "'" ? matchAt(SINGLE_QUOTED, source, pos) : c === '"' ? matchAt(DOUBLE_QUOTED, source, pos) : null;
    if (quoted !== null) {
      const unquoted = dequote(quoted);
      if ('error' in unquoted) items.push({ error: { locLine: line, text: quoted, message: unquoted.error } });
      push('STRING', quoted, 'value' in unquoted ? unquoted.value : '');
      pos += quoted.length;
      continue;
    }

    // Lexical error: the bad character plus what follows up to a blank.
    if (PYTHONISH.includes(c)) likelyPython = true;
    pos++;
    if (pos >= source.length) break; // libxlu drops a bad last character without a report
    const next = source.charAt(pos);
    if (next === '\n') {
      line++;
      items.push({ error: { locLine: line, text: c + '\n', message: 'lexical error' } });
      push('NEWLINE', c + '\n', '');
      pos++;
    } else if (next === ' ' || next === '\t') {
      items.push({ error: { locLine: line, text: c + next, message: 'lexical error' } });
      pos++;
    } else {
      const rest = matchAt(AFTER_BAD_CHAR, source, pos) ?? '';
      items.push({ error: { locLine: line, text: c + rest, message: 'lexical error' } });
      pos += rest.length;
    }
  }
  items.push({ token: { kind: 'EOF', text: '', value: '', line: lastTokenLine(items) } });
  return { items, likelyPython };
}

/** At end of input libxlu's location is still that of the last token. */
function lastTokenLine(items: readonly LexItem[]): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item && 'token' in item) return item.token.line;
  }
  return 1;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * The value of a quoted string. libxlu's numeric escapes are broken (`\x..`
 * is always refused; `\NNN` reads decimal digits and drops the character);
 * we reproduce that rather than accept what real xl would refuse.
 */
function dequote(quoted: string): { value: string } | { error: string } {
  const body = quoted.slice(1, -1);
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body.charAt(i++);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body.charAt(i++);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
    } else if (e === 'x') {
      return { error: 'invalid digit after backslash hex numerical character escape in quoted string' };
    } else if (e >= '0' && e <= '7') {
      const consumed = strtoulLength(body.slice(i, i + 3));
      if (consumed < 2) return { error: 'invalid digit after backslash octal numerical character escape in quoted string' };
      i += consumed;
    } else {
      return { error: 'invalid character after backlash in quoted string' };
    }
  }
  return { value: out };
}

/** How many characters C's strtoul(s, &end, 10) consumes (0 when it converts nothing). */
function strtoulLength(s: string): number {
  const m = /^[ \t\n\v\f\r]*[+-]?[0-9]+/.exec(s);
  return m ? m[0].length : 0;
}
