/** The fuzz harness itself must catch what it is there to catch. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseError, type ParseError, type Result } from '../../xen-bridge/result.js';
import { parseRequest } from '../../services/api/socket-protocol.js';
import { expectResult, onlyPlainErrors, target } from './fuzz-targets.js';

/** A parser with a bug: it crashes on input holding "x" (like reading a field of a missing match). */
function buggy(text: string): Result<number> {
  const m = /^(\d+)$/.exec(text.includes('x') ? 'x' : '1');
  return { ok: true, value: Number((m as RegExpExecArray)[1]) };
}

describe('the fuzz harness', () => {
  it('reports an untyped crash with the input that caused it', () => {
    const t = target('buggy', fc.string(), (s) => expectResult(buggy(s)));
    expect(() => t.run(2000, 1)).toThrow(/Counterexample: \["x"\]/);
    const fine = target('fine', fc.string(), (s) => expectResult(buggy(s.replaceAll('x', ''))));
    expect(() => fine.run(2000, 1)).not.toThrow();
  });

  it('lets a deliberate refusal (plain Error) through, and not a TypeError', () => {
    expect(onlyPlainErrors(() => parseRequest('{'))).toBeInstanceOf(Error);
    expect(
      onlyPlainErrors(() => {
        throw new Error('refused');
      }),
    ).toBeInstanceOf(Error);
    expect(() => onlyPlainErrors(() => (null as unknown as { a: number }).a)).toThrow(/untyped crash/);
  });

  it('refuses a Result whose error is not a ParseError', () => {
    expect(() => expectResult(parseError('xl list', 2, 'bad', 'not a row'))).not.toThrow();
    expect(() => expectResult({ ok: false, error: { message: 'x' } as ParseError })).toThrow(/not a typed Result/);
    expect(() => expectResult({ ok: true, value: undefined })).toThrow(/ok without a value/);
  });
});
