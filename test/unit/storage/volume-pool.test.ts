import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VolumePool } from '../../../services/storage/volume-pool.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function pool(): VolumePool {
  const d = mkdtempSync(join(tmpdir(), 'qtui-pool-'));
  dirs.push(d);
  return new VolumePool(d, { root: 4, private: 2, volatile: 1 });
}

describe('VolumePool', () => {
  it('gives an AppVM its template root read-only as it was at the template shutdown', () => {
    const p = pool();
    p.create('fedora-41', 'TemplateVM');
    p.create('work', 'AppVM');
    writeFileSync(p.path('fedora-41', 'root'), 'updated while running');
    const disks = p.disksForStart('work', 'AppVM', 'fedora-41');
    expect(disks.map((d) => [d.vdev, d.access])).toEqual([['xvda', 'ro'], ['xvdb', 'rw'], ['xvdc', 'rw']]);
    expect(disks[0]?.target).toBe(p.path('fedora-41', 'root-snapshot'));
    expect(readFileSync(p.path('fedora-41', 'root-snapshot'), 'utf8')).not.toContain('updated');
    p.snapshotRoot('fedora-41');
    expect(readFileSync(p.path('fedora-41', 'root-snapshot'), 'utf8')).toBe('updated while running');
  });
  it('makes the volatile volume anew at each start, and sparse volumes of the configured size', () => {
    const p = pool();
    p.create('sys-net', 'StandaloneVM');
    p.disksForStart('sys-net', 'StandaloneVM', null);
    writeFileSync(p.path('sys-net', 'volatile'), 'junk from last run');
    p.disksForStart('sys-net', 'StandaloneVM', null);
    expect(statSync(p.path('sys-net', 'volatile')).size).toBe(1024 * 1024);
    expect(readFileSync(p.path('sys-net', 'volatile')).subarray(0, 4)).toEqual(Buffer.alloc(4));
    expect(statSync(p.path('sys-net', 'root')).size).toBe(4 * 1024 * 1024);
  });
  it('clones, makes disposables from their template private volume, and removes', () => {
    const p = pool();
    p.create('fedora-41', 'TemplateVM');
    p.create('default-dvm', 'AppVM');
    writeFileSync(p.path('default-dvm', 'private'), 'dvm home');
    p.clone('default-dvm', 'copy');
    expect(readFileSync(p.path('copy', 'private'), 'utf8')).toBe('dvm home');
    expect(() => p.clone('default-dvm', 'copy')).toThrow(/already exist/);
    p.createDisposable('disp1', 'default-dvm');
    expect(readFileSync(p.path('disp1', 'private'), 'utf8')).toBe('dvm home');
    p.remove('disp1');
    expect(existsSync(p.folder('disp1'))).toBe(false);
  });
  it('refuses to start a template-based qube whose template has no snapshot', () => {
    const p = pool();
    p.create('work', 'AppVM');
    expect(() => p.disksForStart('work', 'AppVM', 'ghost')).toThrow(/no root snapshot/);
    expect(() => p.disksForStart('work', 'AppVM', null)).toThrow(/no template/);
  });
});
