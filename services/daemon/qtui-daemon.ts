/**
 * The daemon: one per host, owning everything that must outlive a client —
 * the registry, the lifecycle, the policy, the event bus — and answering on
 * its socket. Stopping it leaves every domain running, as Xen's do.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DomainEvents } from '../../xen-bridge/domain-events.js';
import { XentopStream } from '../../xen-bridge/xentop-stream.js';
import { XlClient } from '../../xen-bridge/xl-client.js';
import { XlRunner } from '../../xen-bridge/xl-runner.js';
import { writeXlCfg } from '../../xen-bridge/xl-cfg/xl-cfg-writer.js';
import { SocketServer } from '../api/socket-server.js';
import { commandHelp } from '../commands/command-help.js';
import { asCommandError } from '../commands/command-errors.js';
import { CommandError, type Caller, type CommandResult } from '../commands/command-spec.js';
import { CommandTable, type AuditEntry, type RunPurpose } from '../commands/command-table.js';
import { DAEMON_COMMANDS } from '../commands/daemon-commands.js';
import { chooseHost, hostEnvironment, type HostKind } from '../config/host-backend.js';
import { socketPath, type QtuiPaths } from '../config/qtui-paths.js';
import { kernelFiles } from '../lifecycle/xl-config-builder.js';
import { LifecycleManager } from '../lifecycle/lifecycle-manager.js';
import { evaluateCommand, installDefaultPolicy, loadPolicy, policyAuthorizer, type Policy } from '../policy/index.js';
import { DEFAULT_KERNEL } from '../registry/global-properties.js';
import { Registry } from '../registry/registry.js';
import { loadRegistry, openRegistry, RegistryAutosave, saveRegistry } from '../store/registry-store.js';
import { SIM_SIZES, VolumePool } from '../storage/volume-pool.js';
import { AuditLog } from './audit-log.js';
import type { DaemonContext } from './daemon-context.js';
import { EventBus } from './event-bus.js';
import { takePidLock } from './pid-lock.js';
import { RecentEvents } from './recent-events.js';
import { sweepRenderTimeline } from './render-timeline.js';
import { hostChannelConsole, hostSocketConsole } from '../sessions/console-session.js';
import { SshService } from '../ssh/index.js';
import { attachAssignedDevices, FirewallRulesStore, pushFirewallRules, SERVICE_FEATURE, serviceKindOf, ServiceRelay, UsbAssignments, watchNotifications, writeServiceQubeBoot, XlBlockAttacher, XlUsbAttacher, attachAllAssigned, watchUsbAssignments, type AssignmentWatchOptions, type ServiceKind } from '../relay/index.js';
import { locateXenTool } from '../../xen-bridge/xen-tools.js';
import { domainFolder } from '../../xen-bridge/sim/sim-state.js';
import { REPO_ROOT } from '../config/repo-root.js';
import { loadConfig, saveConfig, type QtuiConfig } from '../config/config-file.js';
import { LiveStats } from '../sessions/live-stats.js';
import { WorkspaceStore } from '../sessions/workspace-store.js';
import { TerminalRegistry } from '../terminals/terminal-registry.js';
import { DEFAULT_PREFIX, parsePrefixKey } from '../../tui/prefix-keys.js';
import { policyQubes, qubeDirectory } from './registry-views.js';

export class DaemonAlreadyRunning extends Error {
  constructor(readonly pid: number) {
    super(`a qtui daemon is already running (pid ${pid})`);
  }
}


function mkdirPrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The simulated host boots nothing, but a qube's xl.cfg names a kernel file, as on Qubes. */
function ensureSimKernel(kernelsDir: string): void {
  const files = kernelFiles(kernelsDir, DEFAULT_KERNEL);
  mkdirPrivate(join(kernelsDir, DEFAULT_KERNEL));
  for (const f of [files.kernel, files.ramdisk]) if (!existsSync(f)) closeSync(openSync(f, 'w', 0o644));
}

function runCommand(table: CommandTable<DaemonContext>, ctx: DaemonContext, argv: readonly string[], caller: Caller, purpose?: RunPurpose): Promise<CommandResult> {
  return table.run(ctx, argv, caller, purpose).catch((e: unknown) => {
    throw asCommandError(e);
  });
}

export class QtuiDaemon {
  private stopping: Promise<void> | null = null;
  /** Settles when the autostart qubes have been started (or failed to). */
  autostarted: Promise<void> = Promise.resolve();
  private resolveStopped!: () => void;
  readonly stopped = new Promise<void>((r) => (this.resolveStopped = r));

  private constructor(
    readonly paths: QtuiPaths,
    readonly host: HostKind,
    readonly ctx: DaemonContext,
    private readonly table: CommandTable<DaemonContext>,
    private readonly parts: {
      server: SocketServer;
      domainEvents: DomainEvents;
      xentop: XentopStream;
      ssh: SshService;
      relay: ServiceRelay;
      stopNotifications: () => void;
      autosave: RegistryAutosave;
      recent: RecentEvents;
      workspaces: WorkspaceStore;
      stopTimelineSweep: () => void;
      releaseLock: () => void;
    },
  ) {}

  static async start(paths: QtuiPaths, env: NodeJS.ProcessEnv = process.env): Promise<QtuiDaemon> {
    for (const d of [paths.stateDir, paths.configDir, paths.runtimeDir]) mkdirPrivate(d);
    const lock = takePidLock(join(paths.runtimeDir, 'daemon.pid'));
    if (typeof lock === 'number') throw new DaemonAlreadyRunning(lock);
    try {
      return await QtuiDaemon.assemble(paths, env, lock);
    } catch (e) {
      lock();
      throw e;
    }
  }

  private static async assemble(paths: QtuiPaths, env: NodeJS.ProcessEnv, releaseLock: () => void): Promise<QtuiDaemon> {
    const host = chooseHost(env);
    if (host === 'sim') mkdirPrivate(paths.simDir);
    // NODE_ENV picks the daemon's own React build (daemon-launcher.ts); a pane's shell is not to inherit it.
    const { NODE_ENV: _reactBuild, ...childEnv } = env;
    const hostEnv = hostEnvironment(host, paths.simDir, childEnv);
    const xl = new XlClient(new XlRunner({ env: hostEnv }));
    const events = new EventBus();
    const recent = new RecentEvents(events);
    const audit = new AuditLog(join(paths.stateDir, 'audit.log'));
    const kernelsDir = join(paths.stateDir, 'vm-kernels');
    const pool = new VolumePool(join(paths.stateDir, 'pool'), host === 'sim' ? SIM_SIZES : undefined);

    let lifecycle: LifecycleManager | null = null;
    const registryOptions = { isRunning: (q: string) => lifecycle?.isRunning(q) ?? false };
    let registry: Registry;
    if (host === 'sim') {
      const opened = await openRegistry(paths.stateDir, registryOptions);
      registry = opened.registry;
      ensureSimKernel(kernelsDir);
      if (opened.seeded) for (const q of registry.list()) pool.create(q.name, q.klass);
    } else {
      // A real host starts with dom0 alone; its qubes are the administrator's to create.
      const loaded = await loadRegistry(paths.stateDir, registryOptions);
      registry = loaded ?? new Registry(registryOptions);
      if (!loaded) await saveRegistry(paths.stateDir, registry);
    }
    const autosave = new RegistryAutosave(paths.stateDir, registry, (e) => events.publish('error', { message: `saving the registry failed: ${String(e)}` }));
    registry.onChange((change) => events.publish(change.type, { ...change }));

    const policyDir = join(paths.configDir, 'policy.d');
    installDefaultPolicy(policyDir);
    let policy: Policy = loadPolicy(policyDir);
    const qubesForPolicy = policyQubes(registry);

    lifecycle = new LifecycleManager({
      xen: xl,
      qubes: qubeDirectory(registry, () => autosave.flush()),
      pool,
      events,
      renderConfig: (cfg) => {
        const r = writeXlCfg(cfg);
        if (!r.ok) throw new CommandError(`cannot write the xl.cfg of ${cfg.name}: ${r.error.message}`, 1, 'failed');
        return r.value;
      },
      configDir: join(paths.runtimeDir, 'xl'),
      kernelsDir,
      beforeCreate: async (q) => {
        const kind = serviceKindOf(registry.get(q.name)?.features ?? {});
        if (host !== 'sim' || !kind) return;
        const vchanProxy = locateXenTool('vchan-socket-proxy', { env: hostEnv });
        if (!vchanProxy) throw new CommandError('the simulated vchan-socket-proxy is missing', 1, 'failed');
        await writeServiceQubeBoot({ folder: domainFolder(paths.simDir, q.name), kind, repoRoot: REPO_ROOT, vchanProxy });
      },
    });
    const lc = lifecycle;

    const serviceQube = (kind: ServiceKind): string | undefined =>
      registry.list().find((q) => q.features[SERVICE_FEATURE] === kind && lc.isRunning(q.name))?.name;
    const qubeAddresses = (qube: string): { ip4: string; ip6: string } => {
      const ip = registry.has(qube) && registry.propertyNames(qube).includes('ip') ? registry.getProperty(qube, 'ip').value : null;
      return { ip4: typeof ip === 'string' ? ip : '', ip6: '' };
    };
    const firewallRules = new FirewallRulesStore(join(paths.stateDir, 'firewall-rules.json'));
    const relay = new ServiceRelay({
      runtimeDir: paths.runtimeDir,
      env: hostEnv,
      policy: () => policy,
      qubes: () => qubesForPolicy,
      audit: (entry) => audit.append(entry),
      onStatus: (qube, status) => {
        events.publish('service-link', { qube, state: status.state, detail: status.detail });
        // dom0 keeps the firewall rules: a firewall qube that (re)connects gets all of them.
        if (status.state === 'up' && serviceKindOf(registry.get(qube)?.features ?? {}) === 'firewall') {
          void pushFirewallRules(relay, qube, firewallRules, qubeAddresses).then((r) => {
            for (const f of r.failed) events.publish('error', { qube, message: `firewall rules not applied: ${f}` });
          });
        }
        // Devices assigned to running qubes follow sys-usb when it (re)connects.
        if (status.state === 'up' && serviceKindOf(registry.get(qube)?.features ?? {}) === 'usb') void attachAllAssigned(ctx, assignmentWatch);
      },
    });
    const assignmentWatch: AssignmentWatchOptions = {
      isRunning: (q) => lc.isRunning(q),
      runningQubes: () => registry.list().filter((q) => lc.isRunning(q.name)).map((q) => q.name),
      report: (qube, message) => events.publish('error', { qube, message }),
    };
    let config: QtuiConfig = loadConfig(paths.configDir);
    let table: CommandTable<DaemonContext> | null = null;
    let daemon: QtuiDaemon | null = null;
    let ssh: SshService | null = null;
    const ctx: DaemonContext = {
      relay,
      serviceQube,
      hasQube: (name) => registry.has(name),
      policyQubes: () => qubesForPolicy,
      qubeAddresses,
      usbAssignments: new UsbAssignments(join(paths.stateDir, 'usb-assignments.json')),
      usb: new XlUsbAttacher(xl),
      block: new XlBlockAttacher(xl),
      firewallRules,
      sshConfig: {
        get: () => config.ssh,
        set: async (settings) => {
          config = { ...config, ssh: settings };
          await saveConfig(paths.configDir, config);
        },
      },
      sshServer: {
        start: () => ssh?.start() ?? Promise.resolve(),
        stop: () => ssh?.stop() ?? Promise.resolve(),
        running: () => ssh?.running() ?? false,
        dropKey: (fp) => ssh?.dropKey(fp) ?? 0,
      },
      paths,
      host,
      registry,
      lifecycle: lc,
      pool,
      xl,
      events,
      recent,
      policyDir,
      policy: () => policy,
      reloadPolicy: () => {
        policy = loadPolicy(policyDir);
        events.publish('policy-reloaded', { files: policy.files.length, errors: policy.errors.length });
        return policy;
      },
      requireRight: (caller: Caller, right: string) => {
        const d = evaluateCommand(policy, caller.role, right, qubesForPolicy);
        if (caller.role === 'viewer' || d.action !== 'allow') {
          throw new CommandError(`${right}: refused for the ${caller.role} role: ${d.reason}`, 1, 'denied');
        }
      },
      flush: () => autosave.flush(),
      requestStop: () => setImmediate(() => void daemon?.stop()),
      commandSummaries: () => (table?.list() ?? []).map((s) => ({ name: s.name, summary: s.summary, role: s.role })),
      commandHelp: (name) => {
        const spec = table?.lookup(name);
        return spec ? commandHelp(spec) : undefined;
      },
    };
    /** Callers whose command the table wrote down; an SSH command refused before that is written down by sshRunCommand. */
    const recorded = new WeakSet<Caller>();
    const recordCommand = (entry: AuditEntry): void => {
      recorded.add(entry.caller);
      audit.append(entry);
      events.publish('command', { command: entry.command, result: entry.result, identity: entry.caller.identity, origin: entry.caller.origin });
    };
    table = new CommandTable(DAEMON_COMMANDS, policyAuthorizer(() => policy, qubesForPolicy), recordCommand);
    const t = table;
    const stats = new LiveStats();
    const xentop = new XentopStream({ env: hostEnv });
    xentop.onSample((sample) => stats.observe(sample));
    xentop.onError((e) => events.publish('xen-error', { message: e.message, kind: e.kind }));
    let sessionCount = 0;
    // Panes outlive clients: their terminals and layouts are the daemon's.
    const workspaces = new WorkspaceStore(new TerminalRegistry({ env: hostEnv }));
    events.subscribe((e) => {
      if (e.type === 'domain-shutdown' && typeof e.qube === 'string') void workspaces.qubeHalted(e.qube);
    });
    const prefix = env.QTUI_PREFIX === undefined ? DEFAULT_PREFIX : parsePrefixKey(env.QTUI_PREFIX);
    if (prefix instanceof Error) throw prefix;
    const server = new SocketServer(socketPath(paths), (argv, caller) => runCommand(t, ctx, argv, caller), events, (socket, size, caller, rest) => {
      sessionCount++;
      hostSocketConsole(socket, size, sessionDeps(caller, `local-${sessionCount}`), rest);
    });

    const sessionDeps = (caller: Caller, session: string) => ({ ctx, stats, run: (argv: readonly string[], c: Caller, purpose?: RunPurpose) => runCommand(t, ctx, argv, c, purpose), caller, session, workspaces, prefix });
    ssh = new SshService({
      paths,
      settings: () => config.ssh,
      // One audit record per SSH command, the table's, carrying the key and the address as its caller.
      runCommand: async (argv, caller) => {
        // A caller object per command, to tell whether the table wrote this one down.
        const call = { ...caller };
        try {
          return await runCommand(t, ctx, argv, call);
        } catch (e) {
          // Refused before the table's record (unknown command, unparsable words): the words may hold a secret, the name does not.
          if (!recorded.has(call)) recordCommand({ time: new Date().toISOString(), command: argv[0] ?? '', argv: argv.slice(0, 1), caller: call, result: 'error', message: e instanceof Error ? e.message : String(e) });
          throw e;
        }
      },
      runCommandAudits: true,
      openShell: (channel, request, caller) => {
        sessionCount++;
        return hostChannelConsole(channel, request, sessionDeps(caller, `ssh-${sessionCount}`));
      },
      audit: (raw) => {
        // An exec request is a whole command line: a passphrase in it is cut out before it is written down.
        const entry = raw.command ? { ...raw, command: t.redactLine(raw.command) } : raw;
        audit.append(entry);
        events.publish(`ssh-${entry.event}`, { origin: entry.origin, ...(entry.fingerprint ? { fingerprint: entry.fingerprint } : {}), ...(entry.command ? { command: entry.command } : {}) });
      },
    });
    events.subscribe((e) => {
      if (typeof e.qube !== 'string' || !registry.has(e.qube)) return;
      const qube = e.qube;
      if (e.type === 'domain-start') {
        if (serviceKindOf(registry.get(qube)?.features ?? {})) relay.qubeStarted(qube, Number(e.domid));
        void attachAssignedDevices(ctx, qube).then((r) => {
          for (const f of r.failed) events.publish('error', { qube, message: `assigned device not attached: ${f}` });
        });
      }
      if (e.type === 'domain-shutdown') void relay.qubeStopped(qube);
    });
    const stopFeed = watchNotifications(relay, (n) => events.publish('notification', { qube: n.qube, summary: n.summary, body: n.body, app: n.appName }));
    const stopAssignments = watchUsbAssignments(ctx, assignmentWatch);
    // The relay's subscriptions, notifications and USB assignments alike.
    const stopNotifications = (): void => {
      stopFeed();
      stopAssignments();
    };
    const domainEvents = new DomainEvents({ client: xl, env: hostEnv });
    domainEvents.onDomains((change) => lc.observe(change.domains));
    domainEvents.onError((e) => events.publish('xen-error', { message: e.message, kind: e.kind }));
    // Adopt whatever already runs before anyone can ask: a restarted daemon stops nothing.
    await lc.refresh();
    domainEvents.start();
    xentop.start();
    await server.listen();

    if (config.ssh.enabled) {
      try {
        await ssh.start();
      } catch (e) {
        events.publish('error', { message: `the SSH server did not start: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    daemon = new QtuiDaemon(paths, host, ctx, t, { server, domainEvents, xentop, ssh, relay, stopNotifications, autosave, recent, workspaces, stopTimelineSweep: sweepRenderTimeline(), releaseLock });
    events.publish('daemon-started', { host, hostname: hostname(), pid: process.pid });
    daemon.autostarted = lc.autostart().then((r) => {
      for (const f of r.failed) events.publish('autostart-failed', { qube: f.qube, message: f.message });
    });
    return daemon;
  }

  /** Runs a command as a caller, as the socket and the SSH server do. */
  run(argv: readonly string[], caller: Caller, purpose?: RunPurpose): Promise<CommandResult> {
    return runCommand(this.table, this.ctx, argv, caller, purpose);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.ctx.lifecycle.close();
      await this.parts.ssh.stop();
      this.parts.stopNotifications();
      await this.parts.relay.close();
      await this.parts.server.close();
      await this.parts.domainEvents.stop();
      await this.parts.xentop.stop();
      await this.parts.workspaces.closeAll();
      await this.parts.autosave.flush();
      this.parts.autosave.stop();
      this.parts.recent.stop();
      this.parts.stopTimelineSweep();
      this.parts.releaseLock();
      this.resolveStopped();
    })();
    return this.stopping;
  }
}
