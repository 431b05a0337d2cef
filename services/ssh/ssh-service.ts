/**
 * The SSH server as the daemon runs it: built from the settings and the
 * files in the config folder when enabled, re-pointed when the listen
 * address changes, torn down when disabled. It is what SshAdminContext's
 * sshServer expects.
 */
import type { Socket } from 'node:net';
import type { QtuiPaths } from '../config/qtui-paths.js';
import { loadOrCreateHostKey } from './host-key.js';
import { sshFiles } from './ssh-files.js';
import { QtuiSshServer, type QtuiSshServerOptions, type SshListen } from './ssh-server.js';
import type { SshSettings } from './ssh-settings.js';

export interface SshServiceOptions extends Pick<QtuiSshServerOptions, 'runCommand' | 'runCommandAudits' | 'openShell' | 'audit' | 'limits'> {
  paths: Pick<QtuiPaths, 'configDir'>;
  settings: () => SshSettings;
  /** Listeners besides the configured TCP address, e.g. a unix socket a Xen channel is relayed to. */
  extraListen?: readonly SshListen[];
}

export class SshService {
  private server: QtuiSshServer | undefined;

  constructor(private readonly options: SshServiceOptions) {}

  private places(): SshListen[] {
    return [this.options.settings().listen, ...(this.options.extraListen ?? [])];
  }

  async start(): Promise<void> {
    if (this.server) {
      await this.server.listen(this.places());
      return;
    }
    const files = sshFiles(this.options.paths);
    const { paths: _paths, settings: _settings, extraListen: _extra, ...serverOptions } = this.options;
    const server = new QtuiSshServer({ ...serverOptions, hostKey: loadOrCreateHostKey(files.hostKey), authorizedKeysPath: files.authorizedKeys, listen: this.places() });
    await server.start();
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  running(): boolean {
    return this.server !== undefined;
  }

  dropKey(fingerprint: string): number {
    return this.server?.dropKey(fingerprint) ?? 0;
  }

  /** A connection from elsewhere (a Xen channel); refused while SSH is off. */
  injectSocket(socket: Socket, origin: string): void {
    if (this.server) this.server.injectSocket(socket, origin);
    else socket.destroy();
  }

  addresses(): ReturnType<QtuiSshServer['addresses']> {
    return this.server?.addresses() ?? [];
  }
}
