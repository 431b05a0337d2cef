/**
 * How to draw for a client, from its terminal's environment (the thin client's
 * TERM/COLORTERM, or what an SSH client sent with its pty request).
 */
import type { RenderOptions } from './console-api.js';

export interface ClientTerminalEnv {
  TERM?: string;
  COLORTERM?: string;
  QTUI_ASCII?: string;
}

export function renderOptionsFor(env: ClientTerminalEnv): RenderOptions {
  const term = env.TERM ?? '';
  // The Linux virtual console has 16 colours and lacks most box and block glyphs.
  const linuxConsole = term === 'linux' || term.startsWith('linux-');
  const ascii = linuxConsole || env.QTUI_ASCII === '1';
  if (linuxConsole) return { ascii, colors: 'linux16' };
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return { ascii, colors: 'truecolor' };
  if (term.includes('256color')) return { ascii, colors: 'ansi256' };
  return { ascii, colors: 'linux16' };
}
