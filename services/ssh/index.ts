/** What the daemon needs from the SSH server module. */
export { SSH_ADMIN_COMMANDS, type SshAdminContext } from './ssh-admin-commands.js';
export { SshService, type SshServiceOptions } from './ssh-service.js';
export { DEFAULT_SSH_LIMITS, QtuiSshServer, type QtuiSshServerOptions, type SshLimits, type SshListen } from './ssh-server.js';
export type { ShellHandle, ShellRequest, SshAuditEntry } from './ssh-types.js';
export { DEFAULT_SSH_SETTINGS, formatListenAddress, parseListenAddress, type SshSettings, type SshTcpListen } from './ssh-settings.js';
export { sshFiles, type SshFiles } from './ssh-files.js';
export { loadOrCreateHostKey, type HostKey } from './host-key.js';
