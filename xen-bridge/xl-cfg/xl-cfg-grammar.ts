/**
 * The grammar of xl.cfg(5) as libxlu's bison parser has it:
 *
 *   file       := stmt* [assignment]
 *   stmt       := assignment (NEWLINE | ';') | NEWLINE | ';'
 *   assignment := IDENT ('=' | '+=') value
 *   value      := STRING | NUMBER | '[' NEWLINE* [value NEWLINE* (',' NEWLINE* value NEWLINE*)* [',' NEWLINE*]] ']'
 *
 * Errors are reported the way libxlu reports them (bison's verbose messages,
 * its error recovery that skips to the end of the line, and the rule that
 * after a lexical error nothing more is reported for that line), so the
 * simulated xl prints what the real one prints.
 */
import { lexXlCfg, type LexItem, type Token, type TokenKind } from './xl-cfg-lexer.js';

export type CfgValue =
  | { kind: 'string'; value: string; line: number }
  | { kind: 'list'; items: CfgValue[]; line: number };

export interface CfgSetting {
  name: string;
  /** '+=' appends to an earlier setting of the same name. */
  op: '=' | '+=';
  value: CfgValue;
  /** Line of the value, used in libxlu's warnings. */
  line: number;
}

/** One "config parsing error" line. */
export interface CfgDiagnostic {
  line: number;
  /** The quoted text after "near", e.g. "`/path'" or "<newline>"; may be empty. */
  near: string;
  message: string;
}

export type CfgParse =
  | { ok: true; settings: Map<string, CfgSetting> }
  | { ok: false; diagnostics: CfgDiagnostic[]; likelyPython: boolean };

/** bison's names for tokens in "unexpected X, expecting Y". */
const TOKEN_NAMES: Readonly<Record<TokenKind, string>> = {
  IDENT: 'IDENT',
  STRING: 'STRING',
  NUMBER: 'NUMBER',
  NEWLINE: 'NEWLINE',
  '+=': '+=',
  '=': "'='",
  ';': "';'",
  '[': "'['",
  ']': "']'",
  ',': "','",
  EOF: '$end',
};

const EXPECT_STATEMENT = "$end or IDENT or NEWLINE or ';'";
const EXPECT_OPERATOR = "+= or '='";
const EXPECT_VALUE = "STRING or NUMBER or '['";
const EXPECT_LIST_END = "']'";
const EXPECT_END = '$end';

/** Thrown inside the parser when bison would give up (YYABORT). */
class Abort extends Error {}

/** Thrown after error recovery to restart at the statement level. */
class Recovered extends Error {}

class Parser {
  private index = 0;
  /** bison's yyerrstatus: no new syntax error is reported until 3 tokens were shifted after one. */
  private errStatus = 0;
  private lexErrLine = -1;
  private failed = false;
  private lastShifted: Token | null = null;
  readonly diagnostics: CfgDiagnostic[] = [];
  readonly settings = new Map<string, CfgSetting>();

  constructor(private readonly items: readonly LexItem[]) {}

  run(): void {
    try {
      this.file();
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
  }

  get ok(): boolean {
    return !this.failed;
  }

  /** The lookahead token; lexical errors before it are reported on the way, as libxlu's lexer does. */
  private peek(): Token {
    for (;;) {
      const item = this.items[this.index];
      if (item === undefined) throw new Error('xl.cfg lexer output has no EOF token');
      if ('token' in item) return item.token;
      this.report(item.error.locLine, item.error.text, item.error.message);
      this.lexErrLine = item.error.locLine;
      this.failed = true;
      this.index++;
    }
  }

  private shift(): Token {
    const token = this.peek();
    if (token.kind !== 'EOF') this.index++;
    if (this.errStatus > 0) this.errStatus--;
    this.lastShifted = token;
    return token;
  }

  /** libxlu's yyerror: the location rules, and silence for the rest of a line with a lexical error. */
  private report(locLine: number, text: string, message: string): void {
    let line = locLine;
    if (line <= this.lexErrLine) return;
    let shown = text;
    let newline = '';
    if (shown.endsWith('\n')) {
      shown = shown.slice(0, -1);
      line--;
      if (shown === '') newline = '<newline>';
    }
    shown = shown.replace(/[ \t]+$/, '');
    this.diagnostics.push({ line, near: (shown ? `\`${shown}'` : '') + newline, message });
    this.failed = true;
  }

  /** A syntax error at the lookahead; recovers by skipping to the end of the line. */
  private syntaxError(expecting: string, recoverable = true): never {
    const token = this.peek();
    if (this.errStatus === 0) {
      this.report(token.line, token.text, `syntax error, unexpected ${TOKEN_NAMES[token.kind]}, expecting ${expecting}`);
    }
    this.failed = true;
    if (!recoverable) throw new Abort();
    this.errStatus = 3;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'EOF') throw new Abort();
      if (t.kind === 'NEWLINE') break;
      this.index++;
    }
    this.shift();
    throw new Recovered();
  }

  private file(): void {
    for (;;) {
      try {
        if (this.statement()) return;
      } catch (e) {
        if (!(e instanceof Recovered)) throw e;
      }
    }
  }

  /** One statement; true at end of input. */
  private statement(): boolean {
    const token = this.peek();
    switch (token.kind) {
      case 'EOF':
        return true;
      case 'NEWLINE':
      case ';':
        this.shift();
        return false;
      case 'IDENT':
        break;
      default:
        this.syntaxError(EXPECT_STATEMENT);
    }
    const name = this.shift().value;
    const opToken = this.peek();
    if (opToken.kind !== '=' && opToken.kind !== '+=') this.syntaxError(EXPECT_OPERATOR);
    this.shift();
    const value = this.value();
    this.store(name, opToken.kind, value);
    const end = this.peek();
    if (end.kind === 'NEWLINE' || end.kind === ';') {
      this.shift();
      return false;
    }
    // bison has already reduced to "file: stmts assignment" and can only accept the end.
    if (end.kind === 'EOF') return true;
    return this.syntaxError(EXPECT_END, false);
  }

  private value(): CfgValue {
    const token = this.peek();
    if (token.kind === 'STRING' || token.kind === 'NUMBER') {
      this.shift();
      return { kind: 'string', value: token.value, line: token.line };
    }
    if (token.kind !== '[') this.syntaxError(EXPECT_VALUE);
    this.shift();
    const items: CfgValue[] = [];
    this.newlines();
    while (this.startsValue()) {
      items.push(this.value());
      this.newlines();
      if (this.peek().kind !== ',') break;
      this.shift();
      this.newlines();
    }
    if (this.peek().kind !== ']') this.syntaxError(EXPECT_LIST_END);
    this.shift();
    return { kind: 'list', items, line: token.line };
  }

  private startsValue(): boolean {
    const kind = this.peek().kind;
    return kind === 'STRING' || kind === 'NUMBER' || kind === '[';
  }

  private newlines(): void {
    while (this.peek().kind === 'NEWLINE') this.shift();
  }

  private store(name: string, op: '=' | '+=', value: CfgValue): void {
    if (this.failed) return; // libxlu stops recording settings after the first error
    const previous = this.settings.get(name);
    let combined = value;
    if (op === '+=' && previous) {
      const sum = concatValues(previous.value, value);
      if (sum === null) {
        const last = this.lastShifted;
        const line = last?.line ?? value.line;
        this.report(line, last?.text ?? '', 'can\'t add [list] to "string" or vice versa');
        this.lexErrLine = line;
        return;
      }
      combined = sum;
    }
    // Map insertion order is irrelevant: only the newest setting of a name counts.
    this.settings.delete(name);
    this.settings.set(name, { name, op, value: combined, line: value.line });
  }
}

/** `a += b`: strings are joined, lists concatenated; null when the kinds differ. */
function concatValues(a: CfgValue, b: CfgValue): CfgValue | null {
  if (a.kind === 'string' && b.kind === 'string') return { ...b, value: a.value + b.value };
  if (a.kind === 'list' && b.kind === 'list') return { ...b, items: [...a.items, ...b.items] };
  return null;
}

export function parseCfgSyntax(source: string): CfgParse {
  const lexed = lexXlCfg(source);
  const parser = new Parser(lexed.items);
  parser.run();
  if (parser.ok) return { ok: true, settings: parser.settings };
  return { ok: false, diagnostics: parser.diagnostics, likelyPython: lexed.likelyPython };
}
