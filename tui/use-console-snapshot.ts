/** The daemon's latest snapshot, re-read whenever the daemon says it changed. */
import { useEffect, useState } from 'react';
import type { ConsoleApi, ConsoleSnapshot } from './console-api.js';

export function useConsoleSnapshot(api: ConsoleApi): ConsoleSnapshot {
  const [snapshot, setSnapshot] = useState(() => api.snapshot());
  useEffect(() => {
    const unsubscribe = api.subscribe(() => setSnapshot(api.snapshot()));
    // A change between the first read and subscribing would otherwise be missed.
    setSnapshot(api.snapshot());
    return unsubscribe;
  }, [api]);
  return snapshot;
}
