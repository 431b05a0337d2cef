import { expect } from 'vitest';
import type { RegistryErrorKind } from '../../../services/registry/registry-error.js';
import { RegistryError } from '../../../services/registry/registry-error.js';

/** Runs fn, which must throw a RegistryError of `kind` whose message contains every fragment. */
export function expectRegistryError(fn: () => unknown, kind: RegistryErrorKind, ...fragments: string[]): RegistryError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RegistryError);
  const err = caught as RegistryError;
  expect(err.kind, err.message).toBe(kind);
  for (const f of fragments) expect(err.message).toContain(f);
  return err;
}
