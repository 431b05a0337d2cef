/**
 * State whose latest value can be read at once: several keys can arrive before
 * React re-renders, and each must see what the previous one did.
 */
import { useCallback, useRef, useState } from 'react';

export function useRefState<T>(initial: T): [T, (next: T | ((prev: T) => T)) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = next instanceof Function ? next(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, set, ref];
}
