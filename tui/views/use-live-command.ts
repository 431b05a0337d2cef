/**
 * A command read again and again while its view shows, less often while it
 * answers with an error: a service qube that is down does not come back in a
 * second, and each read of it costs a relay call that fails.
 */
import { useEffect, useState } from 'react';
import type { ConsoleApi } from '../console-api.js';
import { useCommandData, type CommandData, type Decoder } from './use-command-data.js';

export function useLiveCommand<T>(api: ConsoleApi, argv: readonly string[], decode: Decoder<T>, liveMs: number, downMs: number): CommandData<T> {
  const [down, setDown] = useState(false);
  const data = useCommandData(api, argv, decode, down ? downMs : liveMs);
  const failed = data.state.kind === 'error';
  useEffect(() => setDown(failed), [failed]);
  return data;
}
