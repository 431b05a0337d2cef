/**
 * The policy a new installation starts with: the files of defaults/, put
 * into an empty (or missing) policy.d. A folder that already holds anything
 * is the admin's and is left alone.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * defaults/ sits beside this module in the source tree; compiled, this
 * module runs from dist/services/policy/ and the files stay in the source tree.
 */
export function defaultPolicyDir(): string {
  const candidates = [new URL('./defaults/', import.meta.url), new URL('../../../services/policy/defaults/', import.meta.url)].map((u) => fileURLToPath(u));
  const found = candidates.find((d) => existsSync(join(d, '90-default.policy')));
  if (!found) throw new Error(`the default policy files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Installs the defaults into `folder` when it is empty or missing, and
 * returns the names written ([] when the folder was left alone). The files
 * are written to a staging folder that is then renamed into place, so a
 * crash leaves either no policy or the whole default one, never half of it.
 */
export function installDefaultPolicy(folder: string): string[] {
  if (existsSync(folder) && readdirSync(folder).length > 0) return [];
  const parent = dirname(folder);
  mkdirSync(parent, { recursive: true });
  const source = defaultPolicyDir();
  const names = readdirSync(source).filter((n) => n.endsWith('.policy')).sort();
  const staging = mkdtempSync(join(parent, `.${basename(folder)}-`));
  try {
    for (const name of names) {
      const path = join(staging, name);
      writeFileSync(path, readFileSync(join(source, name)), { mode: 0o644 });
      fsyncPath(path);
    }
    chmodSync(staging, 0o755);
    fsyncPath(staging);
    // rename(2) replaces an empty directory, and fails if something appeared in it meanwhile.
    renameSync(staging, folder);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  fsyncPath(parent);
  return names;
}
