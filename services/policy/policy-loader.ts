/**
 * Reads a policy folder the way qrexec reads /etc/qubes/policy.d: every
 * `*.policy` file in C-locale (byte) order, `!include*` directives spliced
 * in where they stand. It never throws: whatever is wrong is collected in
 * Policy.errors (file and line), and an erroneous Policy denies everything.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { parseRuleLine, parseRuleTail, parseServiceColumns } from './policy-rule-parser.js';
import type { Policy, PolicyRule, PolicySyntaxError } from './policy-types.js';

// qrexec's rule for policy file names: anything else in the folder is a mistake, not a file to skip.
const FILE_NAME_RE = /^[a-z0-9_.-]+$/;
const SUFFIX = '.policy';
/** Deep enough for any sane layout, shallow enough to stop a runaway chain of includes. */
export const MAX_INCLUDE_DEPTH = 16;

type Columns = { service: string | null; argument: string | null };
type Mode = { kind: 'rules' } | { kind: 'service'; columns: Columns };
interface Origin {
  file: string;
  line: number;
}

class PolicyReader {
  readonly rules: PolicyRule[] = [];
  readonly errors: PolicySyntaxError[] = [];
  readonly files: string[] = [];
  /** Real paths of the files being read, outermost first: a repeat is a cycle. */
  private readonly stack: string[] = [];

  constructor(private readonly folder: string) {}

  private display(path: string): string {
    const rel = relative(this.folder, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
  }

  private fail(at: Origin, message: string): void {
    this.errors.push({ file: at.file, line: at.line, message });
  }

  private resolve(path: string): string {
    return isAbsolute(path) ? path : join(this.folder, path);
  }

  /** The `*.policy` files of a folder, in byte order. */
  readDir(dir: string, at: Origin): void {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) {
        this.fail(at, `not a directory: ${this.display(dir)}`);
        return;
      }
      names = readdirSync(dir);
    } catch (e) {
      this.fail(at, `cannot read directory ${this.display(dir)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      return;
    }
    const picked = names
      .filter((n) => n.endsWith(SUFFIX) && !n.startsWith('.') && isFile(join(dir, n)))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of picked) {
      const path = join(dir, name);
      if (!FILE_NAME_RE.test(name)) {
        this.fail({ file: this.display(path), line: 0 }, 'invalid file name (only a-z 0-9 _ . - are allowed)');
        continue;
      }
      this.readFile(path, { kind: 'rules' }, at);
    }
  }

  readFile(path: string, mode: Mode, at: Origin): void {
    let real: string;
    let text: string;
    try {
      real = realpathSync(path);
      if (!statSync(real).isFile()) {
        this.fail(at, `not a file: ${this.display(path)}`);
        return;
      }
      text = readFileSync(real, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      this.fail(at, code === 'ENOENT' ? `included file does not exist: ${this.display(path)}` : `cannot read ${this.display(path)}: ${code ?? String(e)}`);
      return;
    }
    if (this.stack.includes(real)) {
      const chain = [...this.stack.slice(this.stack.indexOf(real)), real].map((p) => this.display(p)).join(' -> ');
      this.fail(at, `include cycle: ${chain}`);
      return;
    }
    if (this.stack.length >= MAX_INCLUDE_DEPTH) {
      this.fail(at, `includes nested deeper than ${MAX_INCLUDE_DEPTH}`);
      return;
    }
    const file = this.display(path);
    this.files.push(file);
    this.stack.push(real);
    text.split('\n').forEach((raw, i) => this.readLine(raw.trim(), mode, { file, line: i + 1 }));
    this.stack.pop();
  }

  private readLine(text: string, mode: Mode, at: Origin): void {
    if (text === '' || text.startsWith('#')) return;
    if (text.startsWith('!')) {
      this.readDirective(text.split(/\s+/), mode, at);
      return;
    }
    const where = { ...at, text };
    const rule =
      mode.kind === 'rules'
        ? parseRuleLine(text.split(/\s+/), where)
        : // Files for !include-service keep qrexec's old form, where parameters follow the action after commas.
          parseRuleTail(mode.columns, text.split(/[\s,]+/).filter((w) => w !== ''), where);
    if (typeof rule === 'string') this.fail(at, rule);
    else this.rules.push(rule);
  }

  private readDirective(words: readonly string[], mode: Mode, at: Origin): void {
    const [directive, ...params] = words;
    const want = (n: number): boolean => {
      if (params.length === n) return true;
      this.fail(at, `${directive} takes ${n} parameter${n === 1 ? '' : 's'}, got ${params.length}`);
      return false;
    };
    if (mode.kind === 'service' && directive !== '!include') {
      this.fail(at, `invalid directive ${JSON.stringify(directive)} (an !include-service file may only !include)`);
      return;
    }
    switch (directive) {
      case '!include':
        if (want(1)) this.readFile(this.resolve(params[0] ?? ''), mode, at);
        return;
      case '!include-dir':
        if (want(1)) this.readDir(this.resolve(params[0] ?? ''), at);
        return;
      case '!include-service': {
        if (!want(3)) return;
        const [service = '', argument = '', path = ''] = params;
        const columns = parseServiceColumns(service, argument);
        if (typeof columns === 'string') this.fail(at, columns);
        else this.readFile(this.resolve(path), { kind: 'service', columns }, at);
        return;
      }
      default:
        this.fail(at, `invalid directive ${JSON.stringify(directive)}`);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // A dangling symlink is not a policy file; reading it would fail the same way.
    return false;
  }
}

export function loadPolicy(folder: string): Policy {
  const reader = new PolicyReader(folder);
  reader.readDir(folder, { file: folder, line: 0 });
  return { folder, rules: reader.rules, errors: reader.errors, files: reader.files };
}
