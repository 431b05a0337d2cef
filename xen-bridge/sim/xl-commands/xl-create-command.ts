/**
 * `xl create [-p] [-n] CFG [key=value…]`: parse the config as real xl does,
 * take a domid (a failed create consumes one too, as in real Xen), check the
 * name, the kernel and ramdisk files and the free memory, record the domain,
 * then start its supervisor:
 * the process tree that is the running guest.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { XlConfig } from '../../xl-cfg/xl-config.js';
import { checkCreatable, formatXlConfigError, parseXlCfgWithWarnings, XL_CONFIG_ERROR_EXIT_CODE } from '../../xl-cfg/xl-cfg-parser.js';
import { formatXlMessage } from '../../xl-cfg/xl-cfg-error.js';
import { domidOfName } from '../domain-ref.js';
import { diskFromSpec, nicFromSpec } from '../guest-devices.js';
import { freeMemoryMiB } from '../host-model.js';
import { cannotRebuild, createBootFileUnreadable, createNameExists, createOutOfMemory } from '../libxl-messages.js';
import { unreadableBootFile } from '../sim-boot-files.js';
import { appendXenstoreEvents, domainFolder, withSimState, type SimDisk, type SimDomain } from '../sim-state.js';
import { removeDomainRecord } from '../domain-removal.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';
import { errnoText } from '../errno-text.js';

const OPTIONS = [
  { short: 'p' },
  { short: 'n', long: 'dryrun' },
  { short: 'q', long: 'quiet' },
  { short: 'c' },
  { short: 'F' },
  { short: 'd' },
  { short: 'e' },
  { short: 'V', long: 'vncviewer' },
  { short: 'A', long: 'vncviewer-autopass' },
  { short: 'f', long: 'defconfig', takesValue: true },
];

/** Exit code of every xl create failure after the config was parsed. */
const CREATE_FAILED = 3;

function buildDomain(cfg: XlConfig, domid: number, paused: boolean): SimDomain {
  const disks = cfg.disks.map((spec, i) => diskFromSpec(spec, i)).filter((d): d is SimDisk => d !== undefined);
  return {
    domid,
    name: cfg.name,
    uuid: cfg.uuid ?? randomUUID(),
    config: cfg,
    memoryMiB: cfg.memory,
    maxmemMiB: cfg.maxmem ?? cfg.memory,
    vcpusOnline: cfg.vcpus,
    createdAtMs: Date.now(),
    paused,
    shuttingDown: false,
    supervisorPid: 0,
    nics: cfg.vifs.map((spec, i) => nicFromSpec(spec, i)),
    disks,
    usbctrls: cfg.usbctrls.map((c, i) => ({ devid: i, version: c.version, ports: c.ports, type: c.type ?? 'pv', backend: 'Domain-0' })),
    usbdevs: [],
  };
}

type Outcome =
  | { kind: 'created'; domid: number }
  | { kind: 'name-exists'; domid: number }
  | { kind: 'boot-file-unreadable'; domid: number; message: string }
  | { kind: 'out-of-memory'; domid: number };

/**
 * libxl loads the kernel, then the ramdisk, before it allocates the guest's
 * memory. (A PVH guest's are loaded by libxl__domain_firmware, whose line
 * numbers the samples lack: the PV lines stand for both.)
 */
function bootFileProblem(cfg: XlConfig, domid: number): string | null {
  for (const [what, path] of [['kernel', cfg.kernel], ['ramdisk', cfg.ramdisk]] as const) {
    if (path === undefined || path === '') continue;
    const error = unreadableBootFile(path);
    if (error) return createBootFileUnreadable(domid, what, path, errnoText(error));
  }
  return null;
}

export async function runCreate(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, OPTIONS, 'create', 0, () => commandHelp('create'));
  if (!parsed.ok) return parsed.exitCode;
  const { opts, positional } = parsed.value;
  // The config file is -f FILE or the first argument without "=" (the rest are overrides).
  let file = opts.get('f');
  const overrides = [...positional];
  if (file === undefined) {
    const at = overrides.findIndex((a) => !a.includes('='));
    if (at >= 0) file = overrides.splice(at, 1)[0];
  }
  if (file === undefined) {
    ctx.err(commandHelp('create'));
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    ctx.err(`Failed to read config file: ${file}: ${errnoText(e)}\n`);
    return CREATE_FAILED;
  }
  ctx.err(`Parsing config from ${file}\n`);
  const cfgResult = parseXlCfgWithWarnings(text, overrides);
  if (!cfgResult.ok) {
    ctx.err(formatXlConfigError(file, cfgResult.error));
    return cfgResult.error.exitCode;
  }
  for (const warning of cfgResult.value.warnings) ctx.err(formatXlMessage(file, warning));
  const cfg = cfgResult.value.config;
  const notCreatable = checkCreatable(cfg);
  if (notCreatable !== null) {
    ctx.err(`${notCreatable}\n`);
    return XL_CONFIG_ERROR_EXIT_CODE;
  }
  if (opts.has('n')) return 0;

  const outcome = await withSimState<Outcome>(
    ctx.simDir,
    (state) => {
      const domid = state.nextDomid++;
      if (domidOfName(state, cfg.name) !== undefined) return { kind: 'name-exists', domid };
      const bootProblem = bootFileProblem(cfg, domid);
      if (bootProblem !== null) return { kind: 'boot-file-unreadable', domid, message: bootProblem };
      if (cfg.memory > freeMemoryMiB(state)) return { kind: 'out-of-memory', domid };
      state.domains.push(buildDomain(cfg, domid, opts.has('p')));
      return { kind: 'created', domid };
    },
    ctx.env,
  );
  if (outcome.kind === 'name-exists') {
    ctx.err(createNameExists(outcome.domid, cfg.name));
    return CREATE_FAILED;
  }
  if (outcome.kind === 'boot-file-unreadable') {
    ctx.err(outcome.message);
    return CREATE_FAILED;
  }
  if (outcome.kind === 'out-of-memory') {
    ctx.err(createOutOfMemory(outcome.domid));
    return CREATE_FAILED;
  }
  const { domid } = outcome;
  appendXenstoreEvents(ctx.simDir, ['@introduceDomain', `/local/domain/${domid}`]);
  mkdirSync(domainFolder(ctx.simDir, cfg.name), { recursive: true });
  try {
    const { startSupervisor } = await import('../supervisor/supervisor-control.js');
    await startSupervisor(ctx.simDir, domid);
  } catch (e) {
    await removeDomainRecord(ctx.simDir, domid, ctx.env);
    ctx.err(cannotRebuild(domid));
    ctx.err(`xl: the simulated guest did not start: ${e instanceof Error ? e.message : String(e)}\n`);
    return CREATE_FAILED;
  }
  return 0;
}
