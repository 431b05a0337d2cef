import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleTerminal, type ConsoleExit } from '../../../xen-bridge/console-terminal.js';
import { groupAlive, processAlive } from '../../../xen-bridge/process-group.js';
import { XenError } from '../../../xen-bridge/xen-error.js';
import { fakeTool, tempDirs, waitFor } from './fake-xen.js';

const temp = tempDirs();
const open: ConsoleTerminal[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  temp.cleanup();
});

function start(dir: string, domain: string | number = 'work'): { term: ConsoleTerminal; output: () => string } {
  const term = new ConsoleTerminal({
    domain,
    cols: 80,
    rows: 24,
    xlPath: fakeTool('xl-console'),
    env: { ...process.env, FAKE_XL_PIDS: join(dir, 'pids') },
    killGraceMs: 300,
  });
  open.push(term);
  let text = '';
  term.onData((d) => (text += d));
  return { term, output: () => text };
}

function pidsOf(dir: string): number[] {
  return readFileSync(join(dir, 'pids'), 'utf8').trim().split(' ').map(Number);
}

describe('ConsoleTerminal', () => {
  it('runs `xl console -t pv NAME` in a pty and relays both ways', async () => {
    const dir = temp.make();
    const { term, output } = start(dir);
    expect(term.command).toEqual(['xl', 'console', '-t', 'pv', 'work']);
    await waitFor('the console banner', () => output().includes('console console -t pv work'));
    term.write('hello there\r');
    await waitFor('the echo', () => output().includes('echo:hello there'));
  });

  it('passes a resize to the child', async () => {
    const dir = temp.make();
    const { term, output } = start(dir);
    await waitFor('start', () => existsSync(join(dir, 'pids')));
    term.write('size\r');
    await waitFor('the first size', () => /24 80\r?\n/.test(output()));
    term.resize(100, 40);
    term.write('size\r');
    await waitFor('the new size', () => /40 100\r?\n/.test(output()));
  });

  it('close() leaves no process of the console behind', async () => {
    const dir = temp.make();
    const { term } = start(dir);
    await waitFor('start', () => existsSync(join(dir, 'pids')));
    const pids = pidsOf(dir);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(processAlive(pid)).toBe(true);
    const exits: ConsoleExit[] = [];
    term.onExit((e) => exits.push(e));
    await term.close();
    for (const pid of pids) expect(processAlive(pid), `pid ${pid}`).toBe(false);
    expect(groupAlive(term.pid)).toBe(false);
    expect(term.exit).not.toBeNull();
    expect(exits).toHaveLength(1);
    term.write('ignored after close\r');
  });

  it('reports the console ending by itself, and close() still reaps its helpers', async () => {
    const dir = temp.make();
    const { term } = start(dir);
    await waitFor('start', () => existsSync(join(dir, 'pids')));
    const exited = new Promise<ConsoleExit>((resolve) => term.onExit(resolve));
    term.write('\x04');
    expect((await exited).exitCode).toBe(0);
    await term.close();
    for (const pid of pidsOf(dir)) expect(processAlive(pid), `pid ${pid}`).toBe(false);
  });

  it('refuses a bad domain name or size before running anything', () => {
    const dir = temp.make();
    for (const domain of ['-h', 'a b', 'x;reboot', '', -1, 1.5]) {
      expect(() => start(dir, domain), String(domain)).toThrow(XenError);
    }
    expect(() => new ConsoleTerminal({ domain: 'work', cols: 0, rows: 24, xlPath: fakeTool('xl-console') })).toThrow(/cols/);
    expect(existsSync(join(dir, 'pids'))).toBe(false);
  });

  it('reports a missing xl as not-installed', () => {
    let error: unknown;
    try {
      new ConsoleTerminal({ domain: 'work', cols: 80, rows: 24, xlPath: join(temp.make(), 'xl') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XenError);
    expect((error as XenError).kind).toBe('not-installed');
  });
});
