/** Where the SSH server's files live inside qtui's config folder. */
import { join } from 'node:path';
import type { QtuiPaths } from '../config/qtui-paths.js';

export interface SshFiles {
  hostKey: string;
  authorizedKeys: string;
}

export function sshFiles(paths: Pick<QtuiPaths, 'configDir'>): SshFiles {
  return {
    hostKey: join(paths.configDir, 'ssh_host_ed25519_key'),
    authorizedKeys: join(paths.configDir, 'ssh_authorized_keys'),
  };
}
