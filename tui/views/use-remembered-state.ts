/**
 * A view's own choices (which list has the focus, whose firewall shows) kept
 * across its unmounting: the app puts a confirmation dialog in the view's
 * place, and the view must come back as it was. Kept per client (its api)
 * and per qube the view was opened on, so opening it on another qube starts
 * afresh.
 */
import { useCallback, useState } from 'react';

const memory = new WeakMap<object, Map<string, { scope: string; value: unknown }>>();

export function useRememberedState<T>(owner: object, key: string, scope: string, initial: T): [T, (value: T) => void] {
  const slots = memory.get(owner) ?? new Map<string, { scope: string; value: unknown }>();
  memory.set(owner, slots);
  const kept = slots.get(key);
  // Only this hook writes the slot under `key`, always with a T.
  const [value, setValue] = useState<T>(() => (kept !== undefined && kept.scope === scope ? (kept.value as T) : initial));
  const set = useCallback(
    (next: T) => {
      slots.set(key, { scope, value: next });
      setValue(next);
    },
    [slots, key, scope],
  );
  return [value, set];
}
