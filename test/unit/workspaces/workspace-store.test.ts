/**
 * The daemon's workspaces over a real TerminalRegistry running real dom0
 * shells: what two clients see of them, how splits size the terminals, and
 * what closing leaves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceClient } from '../../../services/sessions/workspace-client.js';
import { WorkspaceStore } from '../../../services/sessions/workspace-store.js';
import { TerminalRegistry } from '../../../services/terminals/terminal-registry.js';
import { groupAlive } from '../../../xen-bridge/process-group.js';
import { DEFAULT_PREFIX } from '../../../tui/prefix-keys.js';
import type { WorkspaceFrame } from '../../../tui/workspace-api.js';

let home: string;
let registry: TerminalRegistry;
let store: WorkspaceStore;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'qtui-workspaces-'));
  registry = new TerminalRegistry({ shell: { file: '/bin/sh', args: [], cwd: home }, changeIntervalMs: 5 });
  store = new WorkspaceStore(registry);
});

afterEach(async () => {
  const left = registry.terminals();
  await store.closeAll();
  for (const t of left) expect(groupAlive(t.pid)).toBe(false);
  rmSync(home, { recursive: true, force: true });
});

const paneText = (f: WorkspaceFrame, id: number): string => {
  const screen = f.panes.get(id)?.screen;
  if (!screen) return '';
  return Array.from({ length: screen.rows }, (_, y) => screen.cells(y).map((c) => c.chars).join('')).join('\n');
};

/** The store as one client of that size sees it. */
const viewer = {};
function frameAt(width: number, height: number): WorkspaceFrame | null {
  store.setClientSize(viewer, width, height);
  return store.frame();
}

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WorkspaceStore', () => {
  it('is shared by every client; only a client whose keys go to the pane gets its key sink', async () => {
    const a = new WorkspaceClient(store, DEFAULT_PREFIX);
    const b = new WorkspaceClient(store, DEFAULT_PREFIX);
    expect(a.list()).toEqual({ workspaces: [], current: null });
    expect(a.act({ kind: 'newWorkspace' })).toBeNull();
    expect(b.list()).toEqual({ workspaces: [{ name: 'dom0', panes: 1 }], current: 0 });

    expect(a.keySink()).toBeUndefined();
    a.setKeysToPane(true);
    expect(b.keySink()).toBeUndefined();
    a.keySink()?.write('echo shared-$((6*7))\r');
    await until('the echo seen by the other client', () => paneText(b.frame(100, 30) as WorkspaceFrame, 0).includes('shared-42'));
  });

  it('splits the focused pane, sizes each terminal to its pane, and moves, zooms, closes', () => {
    store.act({ kind: 'newWorkspace' });
    expect(store.act({ kind: 'split', direction: 'horizontal' })).toBeNull();
    const f = frameAt(100, 30) as WorkspaceFrame;
    expect(f.focused).toBe(1);
    const [left, right] = f.geometry.panes;
    expect(left && right && left.y === right.y && left.x < right.x).toBe(true);
    for (const p of f.geometry.panes) {
      const screen = f.panes.get(p.id)?.screen;
      expect([screen?.cells(0).length, screen?.rows]).toEqual([p.width, p.height]);
    }

    expect(store.act({ kind: 'focus', direction: 'left' })).toBeNull();
    expect(frameAt(100, 30)?.focused).toBe(0);
    store.act({ kind: 'zoom' });
    expect(frameAt(100, 30)?.geometry.panes.map((p) => p.id)).toEqual([0]);
    store.act({ kind: 'zoom' });

    store.closeFocused();
    const after = frameAt(100, 30) as WorkspaceFrame;
    expect([...after.panes.keys()]).toEqual([1]);
    expect(after.focused).toBe(1);
    store.closeFocused();
    expect(store.summaries()).toEqual({ workspaces: [], current: null });
    expect(frameAt(100, 30)).toBeNull();
  });

  it('lays the panes out for the smallest client, and grows them when it leaves', () => {
    const big = new WorkspaceClient(store, DEFAULT_PREFIX);
    const small = new WorkspaceClient(store, DEFAULT_PREFIX);
    big.act({ kind: 'newWorkspace' });
    expect(big.frame(120, 40)?.geometry).toMatchObject({ width: 120, height: 40 });
    expect(small.frame(90, 25)?.geometry).toMatchObject({ width: 90, height: 25 });
    // The larger client draws the same layout; its frames no longer resize anything.
    expect(big.frame(120, 40)?.geometry).toMatchObject({ width: 90, height: 25 });
    expect(big.frame(120, 40)?.panes.get(0)?.screen.rows).toBe(24);
    small.close();
    expect(big.frame(120, 40)?.geometry).toMatchObject({ width: 120, height: 40 });
  });

  it('switches workspaces by number and in turn, and says when there is none to act on', () => {
    expect(store.act({ kind: 'zoom' })).toMatch(/no workspace/);
    store.act({ kind: 'newWorkspace' });
    store.act({ kind: 'newWorkspace' });
    expect(store.summaries().current).toBe(1);
    store.act({ kind: 'nextWorkspace' });
    expect(store.summaries().current).toBe(0);
    store.act({ kind: 'previousWorkspace' });
    expect(store.summaries().current).toBe(1);
    expect(store.act({ kind: 'selectWorkspace', index: 5 })).toMatch(/no workspace 5/);
    store.act({ kind: 'selectWorkspace', index: 0 });
    expect(store.summaries().current).toBe(0);
  });

  it('refuses a split that would leave panes under the minimum size, keeping the layout', () => {
    frameAt(80, 22);
    store.act({ kind: 'newWorkspace' });
    let refused: string | null = null;
    for (let i = 0; i < 10 && refused === null; i++) refused = store.act({ kind: 'split', direction: 'vertical' });
    expect(refused).toMatch(/too small/);
    const f = frameAt(80, 22) as WorkspaceFrame;
    expect(f.panes.size).toBe(f.geometry.panes.length);
    expect(registry.terminals().length).toBe(f.panes.size);
  });
});
