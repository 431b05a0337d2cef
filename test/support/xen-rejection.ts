/** The XenError a call is expected to fail with; fails the test if it succeeds or fails otherwise. */
import { expect } from 'vitest';
import { XenError } from '../../xen-bridge/xen-error.js';

export async function rejection(p: Promise<unknown>): Promise<XenError> {
  const error: unknown = await p.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XenError);
  return error as XenError;
}
