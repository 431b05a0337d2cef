/**
 * The volumes of every qube, one folder per qube in a pool folder, as
 * Qubes' file pool keeps them: a TemplateVM or StandaloneVM owns `root.img`;
 * a template's AppVMs and DispVMs get `root-snapshot.img`, the template's root
 * as it was at its last shutdown, read-only, so a running template never
 * shares a disk being written with them; every qube owns `private.img`; and
 * `volatile.img` is made fresh at every start.
 */
import { constants, copyFileSync, existsSync, mkdirSync, openSync, closeSync, ftruncateSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { DiskSpec } from '../../xen-bridge/xl-cfg/xl-config.js';

export type VolumeClass = 'AdminVM' | 'TemplateVM' | 'AppVM' | 'StandaloneVM' | 'DispVM';

/** Sizes of new volumes in MiB; the files are sparse, so only what is written takes space. */
export interface VolumeSizes {
  root: number;
  private: number;
  volatile: number;
}

export const DEFAULT_SIZES: VolumeSizes = { root: 10240, private: 2048, volatile: 10240 };

/** The simulated host's volumes are placeholders: small, so seeding and cloning stay instant. */
export const SIM_SIZES: VolumeSizes = { root: 8, private: 4, volatile: 4 };

export class VolumePool {
  constructor(
    readonly dir: string,
    private readonly sizes: VolumeSizes = DEFAULT_SIZES,
  ) {}

  folder(qube: string): string {
    return join(this.dir, qube);
  }

  path(qube: string, volume: 'root' | 'root-snapshot' | 'private' | 'volatile'): string {
    return join(this.folder(qube), `${volume}.img`);
  }

  private makeSparse(path: string, mib: number): void {
    const fd = openSync(path, 'w', 0o600);
    try {
      ftruncateSync(fd, mib * 1024 * 1024);
    } finally {
      closeSync(fd);
    }
  }

  /** Copies with a reflink where the filesystem can, a plain copy elsewhere; never half-written under the final name. */
  private copyVolume(from: string, to: string): void {
    const tmp = `${to}.tmp`;
    copyFileSync(from, tmp, constants.COPYFILE_FICLONE);
    renameSync(tmp, to);
  }

  /** The volumes a new qube of this class owns. */
  create(qube: string, klass: VolumeClass): void {
    if (klass === 'AdminVM') return;
    mkdirSync(this.folder(qube), { recursive: true, mode: 0o700 });
    if (klass === 'TemplateVM' || klass === 'StandaloneVM') {
      this.makeSparse(this.path(qube, 'root'), this.sizes.root);
      if (klass === 'TemplateVM') this.snapshotRoot(qube);
    }
    this.makeSparse(this.path(qube, 'private'), this.sizes.private);
  }

  /** A template's root as its AppVMs will see it until the template's next shutdown. */
  snapshotRoot(template: string): void {
    this.copyVolume(this.path(template, 'root'), this.path(template, 'root-snapshot'));
  }

  /** Clone copies every volume the source owns (not the volatile one, made anew at start). */
  clone(source: string, target: string): void {
    if (existsSync(this.folder(target))) throw new Error(`volumes of ${target} already exist in the pool`);
    mkdirSync(this.folder(target), { recursive: true, mode: 0o700 });
    for (const v of ['root', 'root-snapshot', 'private'] as const) {
      if (existsSync(this.path(source, v))) this.copyVolume(this.path(source, v), this.path(target, v));
    }
  }

  /** A DispVM's private volume starts as a copy of its disposable template's. */
  createDisposable(qube: string, dispvmTemplate: string): void {
    mkdirSync(this.folder(qube), { recursive: true, mode: 0o700 });
    this.copyVolume(this.path(dispvmTemplate, 'private'), this.path(qube, 'private'));
  }

  /**
   * The disks of a starting qube. `template` is the template whose root an
   * AppVM or DispVM reads. The volatile volume is made anew each time.
   */
  disksForStart(qube: string, klass: VolumeClass, template: string | null): DiskSpec[] {
    if (klass === 'AdminVM') return [];
    let root: DiskSpec;
    if (klass === 'AppVM' || klass === 'DispVM') {
      if (!template) throw new Error(`${qube} has no template to read its root from`);
      const snap = this.path(template, 'root-snapshot');
      if (!existsSync(snap)) throw new Error(`template ${template} has no root snapshot in the pool`);
      root = { target: snap, vdev: 'xvda', format: 'raw', access: 'ro' };
    } else {
      root = { target: this.path(qube, 'root'), vdev: 'xvda', format: 'raw', access: 'rw' };
    }
    const volatile = this.path(qube, 'volatile');
    if (existsSync(volatile)) unlinkSync(volatile);
    this.makeSparse(volatile, this.sizes.volatile);
    return [
      root,
      { target: this.path(qube, 'private'), vdev: 'xvdb', format: 'raw', access: 'rw' },
      { target: volatile, vdev: 'xvdc', format: 'raw', access: 'rw' },
    ];
  }

  /** Called only once the qube is gone from the registry file, so a crash never leaves a qube without its disks. */
  remove(qube: string): void {
    rmSync(this.folder(qube), { recursive: true, force: true });
  }

  rename(from: string, to: string): void {
    renameSync(this.folder(from), this.folder(to));
  }
}
