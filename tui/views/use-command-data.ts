/**
 * What a view draws, read through the command table as JSON (so a viewer sees
 * exactly what its role may read), and read again every `refreshMs` while the
 * view is mounted: a hidden view costs nothing.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConsoleApi } from '../console-api.js';

export type Loaded<T> = { kind: 'loading' } | { kind: 'ok'; data: T } | { kind: 'error'; message: string };

/** Turns the command's JSON into what the view needs; throws on a shape it cannot use. */
export type Decoder<T> = (json: unknown) => T;

export interface CommandData<T> {
  state: Loaded<T>;
  /** Reads again now (after an action changed what the view shows). */
  reload(): void;
}

export async function readCommand<T>(api: ConsoleApi, argv: readonly string[], decode: Decoder<T>): Promise<Loaded<T>> {
  try {
    const outcome = await api.read([...argv, '--format', 'json']);
    if (!outcome.ok) return { kind: 'error', message: outcome.error ?? `${argv[0] ?? ''}: failed` };
    return { kind: 'ok', data: decode(JSON.parse(outcome.text ?? 'null') as unknown) };
  } catch (e) {
    return { kind: 'error', message: `${argv[0] ?? ''}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function useCommandData<T>(api: ConsoleApi, argv: readonly string[], decode: Decoder<T>, refreshMs?: number): CommandData<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const decodeRef = useRef(decode);
  const lastRef = useRef('');
  decodeRef.current = decode;
  const key = JSON.stringify(argv);

  useEffect(() => {
    let live = true;
    let busy = false;
    const read = (): void => {
      // A slow daemon must not pile up reads: the next tick waits for this one.
      if (busy) return;
      busy = true;
      void readCommand(api, JSON.parse(key) as string[], (json) => decodeRef.current(json)).then((next) => {
        busy = false;
        // The same answer again draws nothing: an idle view costs its read, not a render.
        const text = JSON.stringify(next);
        if (!live || text === lastRef.current) return;
        lastRef.current = text;
        setState(next);
      });
    };
    read();
    const timer = refreshMs === undefined ? undefined : setInterval(read, refreshMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, key, refreshMs, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
