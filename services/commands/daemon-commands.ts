/** The command table of the daemon: every entry, in one list (tmux's cmd_table). */
import type { DaemonContext } from '../daemon/daemon-context.js';
import type { CommandSpec } from './command-spec.js';
import { daemonMemoryCommand, daemonStopCommand, eventsCommand, helpCommand, infoCommand, versionCommand } from './table/cmd-daemon.js';
import { featuresCommand, tagsCommand } from './table/cmd-features-tags.js';
import { lsCommand } from './table/cmd-ls.js';
import { policyCheckCommand, policyEvalCommand, policyFilesCommand, policyReloadCommand } from './table/cmd-policy.js';
import { createDispvmCommand, killCommand, pauseCommand, restartCommand, shutdownCommand, startCommand, unpauseCommand } from './table/cmd-power.js';
import { globalPrefsCommand, prefsCommand } from './table/cmd-prefs.js';
import { cloneCommand, createCommand, removeCommand } from './table/cmd-qube-admin.js';
import { volumesCommand } from './table/cmd-volumes.js';
import { SSH_ADMIN_COMMANDS } from '../ssh/index.js';
import { RELAY_COMMANDS } from '../relay/index.js';

export const DAEMON_COMMANDS: readonly CommandSpec<DaemonContext>[] = [
  helpCommand,
  versionCommand,
  infoCommand,
  lsCommand,
  startCommand,
  shutdownCommand,
  killCommand,
  pauseCommand,
  unpauseCommand,
  restartCommand,
  createDispvmCommand,
  createCommand,
  cloneCommand,
  removeCommand,
  prefsCommand,
  globalPrefsCommand,
  volumesCommand,
  featuresCommand,
  tagsCommand,
  policyEvalCommand,
  policyCheckCommand,
  policyFilesCommand,
  policyReloadCommand,
  eventsCommand,
  daemonMemoryCommand,
  daemonStopCommand,
  // DaemonContext extends SshAdminContext, so the SSH entries take it as is.
  ...SSH_ADMIN_COMMANDS,
  // And RelayContext: net, firewall, usb, notify-list, clipboard.
  ...RELAY_COMMANDS,
];
