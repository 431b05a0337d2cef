/**
 * What `qtui policy eval SERVICE[+ARG] SOURCE TARGET` prints: for people, the
 * verdict and the line that decided it; for scripts (`--format json`), a
 * stable object {action, target, file, line} with null where there is none.
 */
import type { Decision, PolicySyntaxError } from './policy-types.js';

export type DecisionFormat = 'text' | 'json';

function verdictLine(d: Decision): string {
  const parts: string[] = [d.action];
  if (d.target !== undefined) parts.push(`target=${d.target}`);
  if (d.defaultTarget !== undefined) parts.push(`default_target=${d.defaultTarget}`);
  if (d.user !== undefined) parts.push(`user=${d.user}`);
  if (d.action !== 'deny' && d.autostart === false) parts.push('autostart=no');
  if (d.notify !== undefined && d.notify !== (d.action === 'deny')) parts.push(`notify=${d.notify ? 'yes' : 'no'}`);
  return parts.join(' ');
}

export function formatDecision(decision: Decision, format: DecisionFormat = 'text'): string {
  if (format === 'json') {
    return JSON.stringify({
      action: decision.action,
      target: decision.target ?? null,
      file: decision.file ?? null,
      line: decision.line ?? null,
    });
  }
  const lines = [verdictLine(decision), `reason: ${decision.reason}`];
  if (decision.rule !== undefined && decision.file !== undefined) lines.push(`rule:   ${decision.file}:${decision.line ?? 0}: ${decision.rule}`);
  return lines.join('\n');
}

/** One `file:line: message` per syntax error, as compilers print them (line 0: the file as a whole). */
export function formatPolicyErrors(errors: readonly PolicySyntaxError[]): string {
  return errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n');
}
