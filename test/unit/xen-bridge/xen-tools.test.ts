import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateXenTool } from '../../../xen-bridge/xen-tools.js';
import { tempDirs } from './fake-xen.js';

const temp = tempDirs();
afterEach(() => temp.cleanup());

function tool(dir: string, name: string, mode = 0o755): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

describe('locateXenTool', () => {
  it('finds a tool on PATH, skipping files that are not executable', () => {
    const root = temp.make();
    tool(join(root, 'a'), 'xl', 0o644);
    const xl = tool(join(root, 'b'), 'xl');
    const env = { PATH: [join(root, 'a'), join(root, 'b')].join(':') };
    expect(locateXenTool('xl', { env, libRoot: join(root, 'none') })).toBe(xl);
  });

  it('prefers the environment override, even when nothing is there', () => {
    const root = temp.make();
    tool(root, 'xentop');
    const env = { PATH: root, QTUI_XENTOP: '/nowhere/xentop' };
    expect(locateXenTool('xentop', { env })).toBe('/nowhere/xentop');
    expect(locateXenTool('xenstore-watch', { env: { QTUI_XENSTORE_WATCH: join(root, 'w') } })).toBe(join(root, 'w'));
  });

  it("falls back to Xen's private bin folders, newest version first", () => {
    const root = temp.make();
    tool(join(root, 'lib', 'xen-4.9', 'bin'), 'vchan-socket-proxy');
    const newest = tool(join(root, 'lib', 'xen-4.17', 'bin'), 'vchan-socket-proxy');
    const env = { PATH: join(root, 'empty') };
    expect(locateXenTool('vchan-socket-proxy', { env, libRoot: join(root, 'lib') })).toBe(newest);
    expect(locateXenTool('xl', { env, libRoot: join(root, 'lib') })).toBeNull();
  });
});
