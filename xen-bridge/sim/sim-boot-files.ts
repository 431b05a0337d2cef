/**
 * The simulated host's /boot: a PV kernel and an initrd that exist, made when
 * the host first comes up (its state is created). They boot nothing (a
 * simulated guest is a process tree), but `xl create` opens the kernel and
 * ramdisk a config names, as real xl does, so a config that names a missing
 * file fails here too.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface SimBootFiles {
  kernel: string;
  ramdisk: string;
}

export function simBootFiles(dir: string): SimBootFiles {
  return { kernel: join(dir, 'boot', 'vmlinuz'), ramdisk: join(dir, 'boot', 'initrd.img') };
}

/** Creates the boot files if missing; an existing file is left as it is. */
export function installSimBootFiles(dir: string): void {
  const files = simBootFiles(dir);
  mkdirSync(join(dir, 'boot'), { recursive: true });
  for (const [path, what] of [[files.kernel, 'kernel'], [files.ramdisk, 'initrd']] as const) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      writeSync(fd, `qtui simulated Xen host: PV ${what}\n`);
    } finally {
      closeSync(fd);
    }
  }
}

/** Why a boot file cannot be opened for reading, as xc opens it; null when it can. */
export function unreadableBootFile(path: string): NodeJS.ErrnoException | null {
  try {
    closeSync(openSync(path, 'r'));
    return null;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}
