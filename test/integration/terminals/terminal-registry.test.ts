import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PaneTerminal } from '../../../services/terminals/pane-terminal.js';
import { TerminalRegistry } from '../../../services/terminals/terminal-registry.js';
import { groupAlive } from '../../../xen-bridge/process-group.js';
import { XenError } from '../../../xen-bridge/xen-error.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';

let host: SimXenHost;
let home: string;
let registry: TerminalRegistry;

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
  home = mkdtempSync(join(tmpdir(), 'qtui-registry-'));
  expect((await host.xl('create', host.writeConfig('work'))).code).toBe(0);
}, 180_000);

afterEach(async () => {
  const left = registry.terminals();
  await registry.closeAll();
  expect(registry.terminals()).toEqual([]);
  for (const t of left) expect(groupAlive(t.pid)).toBe(false);
});

afterAll(async () => {
  await host.teardown();
  rmSync(home, { recursive: true, force: true });
});

function newRegistry(): TerminalRegistry {
  registry = new TerminalRegistry({ env: host.env, shell: { file: '/bin/bash', args: ['--norc', '--noprofile', '-i'], cwd: home }, changeIntervalMs: 5 });
  return registry;
}

async function waitFor(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const shows = (t: PaneTerminal, text: string): boolean => t.text().some((l) => l.includes(text));

describe('TerminalRegistry', () => {
  it('two panes into the same qube share its one console, closed when the last pane goes', async () => {
    const r = newRegistry();
    const a = r.open('ws1:0', { kind: 'qube', name: 'work' }, { cols: 100, rows: 30 });
    const b = r.open('ws2:3', { kind: 'qube', name: 'work' }, { cols: 90, rows: 40 });
    expect(b).toBe(a);
    expect(r.sharing('ws1:0').sort()).toEqual(['ws1:0', 'ws2:3']);
    expect(r.terminals()).toEqual([a]);
    // The shared console takes the smallest size of the panes showing it.
    expect([a.cols, a.rows]).toEqual([90, 30]);
    b.write('echo shared-$((6*7))\r');
    await waitFor('the echo in the shared console', () => shows(a, 'shared-42'));

    await r.release('ws1:0');
    expect(a.exit).toBeNull();
    expect(groupAlive(a.pid)).toBe(true);
    expect([a.cols, a.rows]).toEqual([90, 40]);
    await r.release('ws2:3');
    expect(groupAlive(a.pid)).toBe(false);
    expect(r.get('ws2:3')).toBeUndefined();

    // The next pane into the qube gets a new console.
    const c = r.open('ws1:1', { kind: 'qube', name: 'work' }, { cols: 80, rows: 24 });
    expect(c).not.toBe(a);
    c.write('echo again-$((2*3))\r');
    await waitFor('the echo in the new console', () => shows(c, 'again-6'));
  });

  it('a halted qube closes its console; its panes keep the last screen until released', async () => {
    const r = newRegistry();
    const a = r.open('p1', { kind: 'qube', name: 'work' }, { cols: 80, rows: 24 });
    a.write('echo before-halt\r');
    await waitFor('the echo', () => shows(a, 'before-halt'));
    await r.qubeHalted('work');
    expect(groupAlive(a.pid)).toBe(false);
    expect(r.get('p1')).toBe(a);
    expect(shows(a, 'before-halt')).toBe(true);
    expect(r.open('p2', { kind: 'qube', name: 'work' }, { cols: 80, rows: 24 })).not.toBe(a);
    await r.release('p1');
  });

  it('each dom0 pane has a shell of its own', async () => {
    const r = newRegistry();
    const a = r.open('d1', { kind: 'dom0' }, { cols: 80, rows: 24 });
    const b = r.open('d2', { kind: 'dom0' }, { cols: 80, rows: 24 });
    expect(b).not.toBe(a);
    expect(r.targetOf('d1')).toEqual({ kind: 'dom0' });
    a.write('echo one-$((1+1))\r');
    await waitFor('the first shell', () => shows(a, 'one-2'));
    expect(shows(b, 'one-2')).toBe(false);
    expect(() => r.open('d1', { kind: 'dom0' }, { cols: 80, rows: 24 })).toThrow(/already has a terminal/);
    await r.release('d1');
    expect(groupAlive(a.pid)).toBe(false);
    expect(b.exit).toBeNull();
  });

  it('a bad qube name is refused before anything runs', () => {
    const r = newRegistry();
    expect(() => r.open('x', { kind: 'qube', name: '-rf' }, { cols: 80, rows: 24 })).toThrow(XenError);
    expect(r.get('x')).toBeUndefined();
  });
});
