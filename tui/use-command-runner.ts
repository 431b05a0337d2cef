/**
 * Runs commands of the daemon's table for this client and keeps the message
 * line: "running" while a command is out, then its outcome for a while.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CommandOutcome, ConsoleApi } from './console-api.js';
import type { ToastMessage } from './toast.js';

/** How long an outcome stays on the message line. */
const TOAST_MS = 8000;

export interface CommandRunner {
  toast: ToastMessage | null;
  run(argv: string[]): Promise<void>;
  notify(text: string, level: ToastMessage['level']): void;
}

export function useCommandRunner(api: ConsoleApi, ellipsis: string): CommandRunner {
  const [toast, setToast] = useState<ToastMessage | null>(null);

  useEffect(() => {
    if (toast === null || toast.level === 'busy') return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const run = useCallback(
    async (argv: string[]) => {
      const what = argv.join(' ');
      setToast({ text: `${what} ${ellipsis}`, level: 'busy' });
      let outcome: CommandOutcome;
      try {
        outcome = await api.run(argv);
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      setToast(
        outcome.ok
          ? { text: outcome.text?.trim() || `${what}: done`, level: 'info' }
          : { text: `${what}: ${outcome.error ?? 'failed'}`, level: 'error' },
      );
    },
    [api, ellipsis],
  );

  const notify = useCallback((text: string, level: ToastMessage['level']) => setToast({ text, level }), []);

  return { toast, run, notify };
}
