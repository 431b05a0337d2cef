/**
 * The checkout qtui runs from: bin/sim and the compiled agents are found
 * relative to it. This module is services/config/repo-root.ts in the source
 * tree and dist/services/config/repo-root.js once compiled.
 */
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  const configDir = dirname(fileURLToPath(import.meta.url));
  const up2 = resolve(configDir, '..', '..');
  return basename(up2) === 'dist' ? dirname(up2) : up2;
}

export const REPO_ROOT = findRoot();
