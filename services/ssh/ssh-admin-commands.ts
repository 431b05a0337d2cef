/**
 * The command-table entries that administer SSH access: ssh-enable,
 * ssh-disable, ssh-authorize, ssh-revoke, ssh-keys, ssh-fingerprint (the CLI
 * spells them `qtui ssh enable` …). Everything here works on the files and
 * the server through SshAdminContext, which the daemon provides.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { QtuiPaths } from '../config/qtui-paths.js';
import { CommandError, isRole, type CommandSpec } from '../commands/command-spec.js';
import { FORMAT_OPTION, str, wantsJson } from '../commands/table/command-helpers.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import { formatAuthorizedKeyLine, parseAuthorizedKeyLine, parseAuthorizedKeys } from './authorized-keys.js';
import { loadOrCreateHostKey } from './host-key.js';
import { normalizeFingerprint } from './key-fingerprint.js';
import { sshFiles } from './ssh-files.js';
import { formatListenAddress, parseListenAddress, type SshSettings } from './ssh-settings.js';

export interface SshAdminContext {
  paths: Pick<QtuiPaths, 'configDir'>;
  sshConfig: {
    get(): SshSettings;
    /** Persists the settings (the config file). */
    set(settings: SshSettings): Promise<void>;
  };
  sshServer: {
    /** Starts the server with the current settings, restarting it if it runs. */
    start(): Promise<void>;
    /** Stops listening and ends every SSH connection. */
    stop(): Promise<void>;
    running(): boolean;
    /** Ends the connections logged in with this key; returns how many. */
    dropKey(fingerprint: string): number;
  };
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

function hostFingerprint(ctx: SshAdminContext): { fingerprint: string; publicKey: string } {
  const { fingerprint, publicKey } = loadOrCreateHostKey(sshFiles(ctx.paths).hostKey);
  return { fingerprint, publicKey };
}

export const sshEnableCommand: CommandSpec<SshAdminContext> = {
  name: 'ssh-enable',
  summary: 'start the SSH server, now and at every daemon start',
  role: 'admin',
  mutating: true,
  args: [],
  options: [{ name: 'listen', help: 'where to listen (default: the configured address, first 127.0.0.1:2222)', type: 'string', metavar: 'ADDR:PORT' }],
  handler: async (ctx, args) => {
    const listenText = str(args, 'listen');
    let listen = ctx.sshConfig.get().listen;
    if (listenText !== undefined) {
      try {
        listen = parseListenAddress(listenText);
      } catch (e) {
        throw new CommandError(`ssh-enable: ${(e as Error).message}`, 2, 'usage');
      }
    }
    await ctx.sshConfig.set({ enabled: true, listen });
    await ctx.sshServer.start();
    const host = hostFingerprint(ctx);
    return {
      data: { enabled: true, listen, fingerprint: host.fingerprint },
      text: `SSH listens on ${formatListenAddress(listen)}; host key ${host.fingerprint}\n`,
    };
  },
};

export const sshDisableCommand: CommandSpec<SshAdminContext> = {
  name: 'ssh-disable',
  summary: 'stop the SSH server and end its sessions',
  role: 'admin',
  mutating: true,
  args: [],
  options: [],
  handler: async (ctx) => {
    await ctx.sshConfig.set({ ...ctx.sshConfig.get(), enabled: false });
    await ctx.sshServer.stop();
    return { data: { enabled: false }, text: 'SSH is off\n' };
  },
};

export const sshAuthorizeCommand: CommandSpec<SshAdminContext> = {
  name: 'ssh-authorize',
  summary: 'let a public key log in over SSH with a role',
  role: 'admin',
  mutating: true,
  args: [{ name: 'pubkey_file', help: 'the public key file (.pub), as an absolute path', type: 'string', required: true }],
  options: [
    { name: 'role', help: 'what the key may do (required)', type: 'enum', values: ['viewer', 'operator', 'admin'] },
    { name: 'from', help: 'client addresses allowed, OpenSSH from= patterns (e.g. 10.0.0.0/8,!10.0.0.1)', type: 'string', metavar: 'PATTERNS' },
  ],
  handler: async (ctx, args) => {
    const role = str(args, 'role');
    if (role === undefined || !isRole(role)) throw new CommandError('ssh-authorize: --role viewer|operator|admin is required', 2, 'usage');
    const file = str(args, 'pubkey_file') ?? '';
    if (!isAbsolute(file)) throw new CommandError(`ssh-authorize: give the key file as an absolute path, not ${JSON.stringify(file)}`, 2, 'usage');
    let keyText: string;
    try {
      keyText = await readFile(file, 'utf8');
    } catch (e) {
      throw new CommandError(`ssh-authorize: cannot read ${file}: ${(e as Error).message}`, 1, 'not-found');
    }
    const keyLines = keyText.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    if (keyLines.length !== 1) throw new CommandError(`ssh-authorize: ${file} must hold exactly one public key, it has ${keyLines.length} lines`, 2, 'usage');
    const line = formatAuthorizedKeyLine(role, str(args, 'from'), keyLines[0] as string);
    let key;
    try {
      key = parseAuthorizedKeyLine(line);
    } catch (e) {
      throw new CommandError(`ssh-authorize: ${(e as Error).message}`, 2, 'usage');
    }
    const path = sshFiles(ctx.paths).authorizedKeys;
    const current = await readOrEmpty(path);
    const existing = parseAuthorizedKeys(current).keys.find((k) => k.fingerprint === key.fingerprint);
    if (existing) {
      throw new CommandError(`ssh-authorize: ${key.fingerprint} is already authorized (line ${existing.line}, role ${existing.role}); revoke it first to change it`, 1, 'conflict');
    }
    const separator = current === '' || current.endsWith('\n') ? '' : '\n';
    await writeFileAtomic(path, `${current}${separator}${line}\n`, 0o600);
    const data = { fingerprint: key.fingerprint, type: key.type, comment: key.comment, role: key.role, from: key.from?.source ?? null };
    return { data, text: `authorized ${key.fingerprint} ${key.comment} as ${key.role}${key.from ? ` from ${key.from.source}` : ''}\n` };
  },
};

export const sshRevokeCommand: CommandSpec<SshAdminContext> = {
  name: 'ssh-revoke',
  summary: 'remove a key from the SSH authorized keys and end its sessions',
  role: 'admin',
  mutating: true,
  args: [{ name: 'fingerprint', help: 'the key fingerprint, SHA256:… as ssh-keygen -lf prints it', type: 'string', required: true }],
  options: [],
  handler: async (ctx, args) => {
    const fingerprint = normalizeFingerprint(str(args, 'fingerprint') ?? '');
    const path = sshFiles(ctx.paths).authorizedKeys;
    const lines = (await readOrEmpty(path)).split('\n');
    const revoked = new Set(parseAuthorizedKeys(lines.join('\n')).keys.filter((k) => k.fingerprint === fingerprint).map((k) => k.line));
    if (revoked.size === 0) throw new CommandError(`ssh-revoke: no authorized key has the fingerprint ${fingerprint}`, 1, 'not-found');
    await writeFileAtomic(path, lines.filter((_l, i) => !revoked.has(i + 1)).join('\n'), 0o600);
    const closed = ctx.sshServer.dropKey(fingerprint);
    return { data: { fingerprint, lines: [...revoked], closedConnections: closed }, text: `revoked ${fingerprint}; ${closed} connection(s) closed\n` };
  },
};

export const sshKeysCommand: CommandSpec<SshAdminContext> = {
  name: 'ssh-keys',
  summary: 'list the keys that may log in over SSH, and lines that are refused',
  role: 'admin',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: async (ctx, args) => {
    const { keys, errors } = parseAuthorizedKeys(await readOrEmpty(sshFiles(ctx.paths).authorizedKeys));
    const data = {
      keys: keys.map((k) => ({ line: k.line, fingerprint: k.fingerprint, type: k.type, role: k.role, from: k.from?.source ?? null, comment: k.comment })),
      errors,
    };
    if (wantsJson(args)) return { data };
    const rows = keys.map((k) => `${k.fingerprint}  ${k.role.padEnd(8)}  ${(k.from?.source ?? '*').padEnd(16)}  ${k.comment}`);
    const text = [...(keys.length === 0 ? ['no SSH keys are authorized'] : rows), ...errors.map((e) => `refused: ${e.message}`)].join('\n');
    return { data, text: `${text}\n` };
  },
};

export const sshFingerprintCommand: CommandSpec<SshAdminContext> = {
  name: 'ssh-fingerprint',
  summary: "the SSH host key's fingerprint, to check against what a client shows on first connect",
  role: 'viewer',
  mutating: false,
  args: [],
  options: [FORMAT_OPTION],
  handler: (ctx, args) => {
    const host = hostFingerprint(ctx);
    return Promise.resolve(wantsJson(args) ? { data: host } : { data: host, text: `${host.fingerprint} (ED25519)\n` });
  },
};

export const SSH_ADMIN_COMMANDS: readonly CommandSpec<SshAdminContext>[] = [
  sshEnableCommand,
  sshDisableCommand,
  sshAuthorizeCommand,
  sshRevokeCommand,
  sshKeysCommand,
  sshFingerprintCommand,
];
