/**
 * Hands a ruleset to nft: `apply` loads it (nft -f), `check` has the kernel
 * validate it without loading it (nft -c -f; needs CAP_NET_ADMIN), `off`
 * does neither. The text goes through stdin, never through a shell.
 */
import { spawn } from 'node:child_process';
import type { FirewallState } from '../services/dbus-protocol/index.js';

export type NftMode = 'apply' | 'check' | 'off';
export const NFT_MODES: readonly NftMode[] = ['apply', 'check', 'off'];

const NFT_TIMEOUT_MS = 10_000;
const MAX_MESSAGE = 4000;

export interface NftOutcome {
  state: FirewallState;
  message: string;
}

export function runNft(mode: NftMode, ruleset: string, nft = 'nft'): Promise<NftOutcome> {
  if (mode === 'off') return Promise.resolve({ state: 'compiled', message: 'nft not run (mode off)' });
  const args = mode === 'check' ? ['-c', '-f', '/dev/stdin'] : ['-f', '/dev/stdin'];
  return new Promise((resolve) => {
    const child = spawn(nft, args, { stdio: ['pipe', 'ignore', 'pipe'], timeout: NFT_TIMEOUT_MS });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_MESSAGE) stderr += d;
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      resolve(e.code === 'ENOENT' ? { state: 'compiled', message: `${nft} is not installed: the ruleset was not ${mode === 'check' ? 'checked' : 'applied'}` } : { state: 'failed', message: e.message });
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve({ state: mode === 'check' ? 'checked' : 'applied', message: '' });
      else resolve({ state: 'failed', message: `nft ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.slice(0, MAX_MESSAGE)}` });
    });
    // An nft that died before reading all of its input reports through 'close'.
    child.stdin.on('error', () => undefined);
    child.stdin.end(ruleset);
  });
}
