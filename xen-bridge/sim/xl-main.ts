/**
 * The simulated host's `xl`: global options, then one subcommand looked up in
 * the command table. Subcommand modules are imported only when chosen, since
 * the daemon spawns `xl` often and startup time is most of its cost.
 */
import { simDir } from './sim-state.js';
import type { XlCommandRun, XlContext } from './xl-context.js';
import { exitAfterFlush } from './process-exit.js';

type Loader = () => Promise<XlCommandRun>;

const COMMANDS: Readonly<Record<string, Loader>> = {
  list: async () => (await import('./xl-commands/xl-list-command.js')).runList,
  info: async () => (await import('./xl-commands/xl-info-command.js')).runInfo,
  create: async () => (await import('./xl-commands/xl-create-command.js')).runCreate,
  shutdown: async () => (await import('./xl-commands/xl-shutdown-command.js')).runShutdown,
  reboot: async () => (await import('./xl-commands/xl-shutdown-command.js')).runReboot,
  destroy: async () => (await import('./xl-commands/xl-destroy-command.js')).runDestroy,
  pause: async () => (await import('./xl-commands/xl-pause-command.js')).runPause,
  unpause: async () => (await import('./xl-commands/xl-pause-command.js')).runUnpause,
  rename: async () => (await import('./xl-commands/xl-rename-command.js')).runRename,
  console: async () => (await import('./xl-commands/xl-console-command.js')).runConsole,
  'vcpu-list': async () => (await import('./xl-commands/xl-vcpu-list-command.js')).runVcpuList,
  'vcpu-set': async () => (await import('./xl-commands/xl-vcpu-set-command.js')).runVcpuSet,
  'mem-set': async () => (await import('./xl-commands/xl-mem-command.js')).runMemSet,
  'mem-max': async () => (await import('./xl-commands/xl-mem-command.js')).runMemMax,
  uptime: async () => (await import('./xl-commands/xl-uptime-command.js')).runUptime,
  'network-attach': async () => (await import('./xl-commands/xl-network-command.js')).runNetworkAttach,
  'network-list': async () => (await import('./xl-commands/xl-network-command.js')).runNetworkList,
  'network-detach': async () => (await import('./xl-commands/xl-network-command.js')).runNetworkDetach,
  'block-attach': async () => (await import('./xl-commands/xl-block-command.js')).runBlockAttach,
  'block-list': async () => (await import('./xl-commands/xl-block-command.js')).runBlockList,
  'block-detach': async () => (await import('./xl-commands/xl-block-command.js')).runBlockDetach,
  'usbctrl-attach': async () => (await import('./xl-commands/xl-usb-command.js')).runUsbctrlAttach,
  'usbctrl-detach': async () => (await import('./xl-commands/xl-usb-command.js')).runUsbctrlDetach,
  'usbdev-attach': async () => (await import('./xl-commands/xl-usb-command.js')).runUsbdevAttach,
  'usbdev-detach': async () => (await import('./xl-commands/xl-usb-command.js')).runUsbdevDetach,
  'usb-list': async () => (await import('./xl-commands/xl-usb-command.js')).runUsbList,
  'channel-list': async () => (await import('./xl-commands/xl-channel-list-command.js')).runChannelList,
  domid: async () => (await import('./xl-commands/xl-domid-command.js')).runDomid,
  domname: async () => (await import('./xl-commands/xl-domid-command.js')).runDomname,
  'vm-list': async () => (await import('./xl-commands/xl-vm-list-command.js')).runVmList,
  top: async () => (await import('./xl-commands/xl-top-command.js')).runTop,
  claims: async () => (await import('./xl-commands/xl-claims-command.js')).runClaims,
  'cpupool-list': async () => (await import('./xl-commands/xl-cpupool-list-command.js')).runCpupoolList,
  'sched-credit2': async () => (await import('./xl-commands/xl-sched-command.js')).runSchedCredit2,
  'sched-credit': async () => (await import('./xl-commands/xl-sched-command.js')).runSchedCredit,
  help: async () => (await import('./xl-commands/xl-help-command.js')).runHelp,
};

/** xl's global flags: -v verbose, -f force, -N dry run, -t/-T timestamps; only -v changes what we print. */
const GLOBAL_FLAGS = new Set(['v', 'f', 'N', 't', 'T']);

async function main(argv: readonly string[]): Promise<number> {
  const ctx: XlContext = {
    simDir: '',
    env: process.env,
    verbose: false,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') break;
    for (const letter of arg.slice(1)) {
      if (!GLOBAL_FLAGS.has(letter)) {
        ctx.err(`option \`${letter}' not supported.\n`);
        return 2;
      }
      if (letter === 'v') ctx.verbose = true;
    }
  }
  const name = argv[i];
  const rest = argv.slice(i + 1);
  if (name === undefined) {
    const { XL_HELP } = await import('./xl-help-text.js');
    ctx.out(XL_HELP);
    return 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    ctx.err('command not implemented\n');
    return 1;
  }
  ctx.simDir = simDir(process.env);
  const run = await load();
  return run(ctx, rest);
}

main(process.argv.slice(2)).then(exitAfterFlush, (e: unknown) => {
  process.stderr.write(`xl: ${e instanceof Error ? e.message : String(e)}\n`);
  exitAfterFlush(1);
});
