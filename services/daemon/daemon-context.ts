/** What every command handler can reach: the daemon's parts, nothing of the UI. */
import type { Caller } from '../commands/command-spec.js';
import type { LifecycleManager } from '../lifecycle/lifecycle-manager.js';
import type { Policy } from '../policy/index.js';
import type { Registry } from '../registry/registry.js';
import type { VolumePool } from '../storage/volume-pool.js';
import type { XlClient } from '../../xen-bridge/xl-client.js';
import type { HostKind } from '../config/host-backend.js';
import type { QtuiPaths } from '../config/qtui-paths.js';
import type { SshAdminContext } from '../ssh/index.js';
import type { RelayContext } from '../relay/index.js';
import type { EventBus } from './event-bus.js';
import type { RecentEvents } from './recent-events.js';

export interface DaemonContext extends SshAdminContext, RelayContext {
  paths: QtuiPaths;
  host: HostKind;
  registry: Registry;
  lifecycle: LifecycleManager;
  pool: VolumePool;
  xl: XlClient;
  events: EventBus;
  recent: RecentEvents;
  policyDir: string;
  reloadPolicy(): Policy;
  /**
   * For commands whose reading needs less than their writing (prefs, tags,
   * features): refuses the write part with the same role and policy checks
   * the table applies to whole commands.
   */
  requireRight(caller: Caller, right: string): void;
  /** Resolves once every registry change so far is on disk. */
  flush(): Promise<void>;
  /** Asks the daemon to stop (domains keep running). */
  requestStop(): void;
  /** Names and summaries of every command, for `help`. */
  commandSummaries(): { name: string; summary: string; role: string }[];
  commandHelp(name: string): string | undefined;
}
