/** What both modes of the simulated proxy need from the process around them. */
import type { ProxyOptions } from './vchan-proxy-args.js';

export interface ProxyContext {
  options: ProxyOptions;
  /** QTUI_SIM_DIR */
  simDir: string;
  /** QTUI_SIM_DOMID, or 0 in dom0. */
  ownDomid: number;
  /** -v: where the real proxy's log lines go. */
  log: ((line: string) => void) | undefined;
}

/** The real proxy's way out of every failure: a message (or none) on stderr, then exit(code). */
export function fatal(text: string, code = 1): never {
  if (text) process.stderr.write(text);
  process.exit(code);
}
