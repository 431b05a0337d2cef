/**
 * The simulated host's `vchan-socket-proxy`: same command line, messages and
 * exit codes as Xen 4.17's, with the vchan carried by a unix socket under
 * QTUI_SIM_DIR instead of shared memory (see vchan-sim-paths.ts).
 */
import { readFileSync } from 'node:fs';
import { atoi, parseProxyArgs } from './vchan-proxy-args.js';
import { runClient } from './vchan-client.js';
import { fatal, type ProxyContext } from './vchan-proxy-context.js';
import { runServer } from './vchan-server.js';

/**
 * argv[0] as the caller typed it: C programs print that in their usage, but
 * node resolves the script path, so read it back from the kernel.
 */
function invokedAs(): string {
  const fallback = process.argv[1] ?? 'vchan-socket-proxy';
  try {
    const argv = readFileSync('/proc/self/cmdline', 'utf8').split('\0');
    return argv[1 + process.execArgv.length] || fallback;
  } catch {
    return fallback;
  }
}

function ownDomid(env: NodeJS.ProcessEnv, server: boolean): number {
  const raw = env.QTUI_SIM_DOMID;
  if (raw === undefined || raw === '') {
    if (server) fatal('vchan-socket-proxy (simulated Xen): --mode=server runs inside a simulated domain, but QTUI_SIM_DOMID is not set\n');
    return 0;
  }
  if (!/^\d+$/.test(raw)) fatal(`vchan-socket-proxy (simulated Xen): QTUI_SIM_DOMID is not a domid: ${raw}\n`);
  return atoi(raw);
}

async function main(): Promise<void> {
  const parsed = parseProxyArgs(process.argv.slice(2), invokedAs());
  if (!parsed.ok) fatal(parsed.stderr);
  const { options } = parsed;
  const simDir = process.env.QTUI_SIM_DIR;
  if (!simDir) fatal('vchan-socket-proxy (simulated Xen): QTUI_SIM_DIR is not set: the simulated host needs its state directory\n');
  const ctx: ProxyContext = {
    options,
    simDir,
    ownDomid: ownDomid(process.env, options.mode === 'server'),
    log: options.verbose ? (line) => process.stderr.write(line) : undefined,
  };
  await (options.mode === 'server' ? runServer(ctx) : runClient(ctx));
}

await main();
