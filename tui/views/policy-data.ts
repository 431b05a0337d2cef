/** What the policy view reads: `policy-files` (list and one file) and `policy-eval` (the tester's decision). */
import { asArray, asObject, num, text } from './decode.js';

export interface PolicyFileEntry {
  file: string;
  rules: number;
  errors: number;
}

export interface PolicyFileText {
  file: string;
  text: string;
  errors: { line: number; message: string }[];
}

export interface PolicyDecision {
  action: string;
  target: string | null;
  file: string | null;
  line: number | null;
  reason: string;
  rule: string | null;
}

export function decodePolicyFiles(json: unknown): PolicyFileEntry[] {
  return asArray(json, 'policy-files').map((v) => {
    const o = asObject(v, 'policy file');
    return { file: text(o, 'file'), rules: num(o, 'rules'), errors: num(o, 'errors') };
  });
}

export function decodePolicyFile(json: unknown): PolicyFileText {
  const o = asObject(json, 'policy file');
  const errors = Array.isArray(o.errors) ? o.errors.map((e) => asObject(e, 'policy error')).map((e) => ({ line: num(e, 'line'), message: text(e, 'message') })) : [];
  return { file: text(o, 'file'), text: text(o, 'text'), errors };
}

const orNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function decodeDecision(json: unknown): PolicyDecision {
  const o = asObject(json, 'policy-eval');
  return { action: text(o, 'action', '?'), target: orNull(o.target), file: orNull(o.file), line: typeof o.line === 'number' ? o.line : null, reason: text(o, 'reason'), rule: orNull(o.rule) };
}

export function actionColor(action: string): string {
  return action === 'allow' ? 'green' : action === 'ask' ? 'yellow' : 'red';
}
