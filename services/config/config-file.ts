/**
 * qtui's own configuration file, `qtui.json` in the config folder: what an
 * administrator turns on (SSH so far). Written atomically; a broken file is a
 * clear error at daemon start, never silently replaced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SSH_SETTINGS, formatListenAddress, parseListenAddress, type SshSettings } from '../ssh/index.js';
import { writeFileAtomic } from '../store/atomic-file.js';

export interface QtuiConfig {
  ssh: SshSettings;
}

export function configPath(configDir: string): string {
  return join(configDir, 'qtui.json');
}

export function loadConfig(configDir: string): QtuiConfig {
  const path = configPath(configDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ssh: DEFAULT_SSH_SETTINGS };
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const ssh = (raw as { ssh?: { enabled?: unknown; listen?: unknown } } | null)?.ssh;
  if (ssh === undefined) return { ssh: DEFAULT_SSH_SETTINGS };
  if (typeof ssh.enabled !== 'boolean' || typeof ssh.listen !== 'string') {
    throw new Error(`${path}: "ssh" must be {"enabled": true|false, "listen": "ADDR:PORT"}`);
  }
  try {
    return { ssh: { enabled: ssh.enabled, listen: parseListenAddress(ssh.listen) } };
  } catch (e) {
    throw new Error(`${path}: ssh.listen: ${(e as Error).message}`, { cause: e });
  }
}

export async function saveConfig(configDir: string, config: QtuiConfig): Promise<void> {
  const ssh = { enabled: config.ssh.enabled, listen: formatListenAddress(config.ssh.listen) };
  await writeFileAtomic(configPath(configDir), `${JSON.stringify({ ssh }, null, 2)}\n`);
}
