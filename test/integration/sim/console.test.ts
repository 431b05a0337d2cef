import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { destroyDomain } from '../../../xen-bridge/sim/supervisor/supervisor-control.js';
import { SimHost, buildOnce, livePids, waitFor } from '../../support/sim-supervisor-fixture.js';
import type { ConsoleSession } from '../../support/sim-supervisor-fixture.js';

let host: SimHost;
const sessions: ConsoleSession[] = [];

beforeAll(buildOnce, 180_000);
afterEach(async () => {
  for (const s of sessions.splice(0)) s.kill();
  await host.cleanup();
});

function track(s: ConsoleSession): ConsoleSession {
  sessions.push(s);
  return s;
}

function attach(domid: number, size?: { cols: number; rows: number }): ConsoleSession {
  return track(host.attach(domid, size));
}

describe('simulated domain console (xl console in a pty)', () => {
  it('relays keystrokes and output; the prompt names the qube and the shell is in its folder', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const c = attach(d.domid);
    await c.expect(/\[user@work ~\]\$ /);
    c.type('echo hello-$((6*7)); pwd\r');
    await c.expect(/\rhello-42\r\n/);
    await c.expect(new RegExp(`\\r\\n${host.folder('work')}\\r\\n`));
    expect(await c.detach()).toBe(0);
    expect(host.domain(d.domid)).toBeDefined();
  });

  it('replays recent output to a client that attaches later', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const first = attach(d.domid);
    first.type('echo replay-$((7*6))\r');
    await first.expect(/\rreplay-42\r\n/);
    expect(await first.detach()).toBe(0);
    const second = attach(d.domid);
    await second.expect(/\rreplay-42\r\n/);
    second.type('echo still-$((40+2))\r');
    await second.expect(/\rstill-42\r\n/);
  });

  it('refuses a second simultaneous client', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const first = attach(d.domid);
    await first.expect(/\[user@work ~\]\$ /);
    const second = attach(d.domid);
    expect(await second.exited).toBe(1);
    expect(second.output).toMatch(/console of domain \d+ is already attached to another client/);
    first.type('echo alive\r');
    await first.expect(/\ralive\r\n/);
  });

  it('carries a large burst of output intact', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const c = attach(d.domid);
    await c.expect(/\[user@work ~\]\$ /);
    const from = c.output.length;
    c.type('seq 1 100000; echo end-$((1+1))\r');
    await c.expect(/\nend-2\r\n/, from);
    const lines = c.output.slice(from).split('\r\n');
    const first = lines.findIndex((l) => l.endsWith('\r1') || l === '1');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(lines.slice(first + 1, first + 100000)).toEqual(Array.from({ length: 99999 }, (_, i) => String(i + 2)));
  });

  it('survives a client that dies without detaching: the next client attaches', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const first = attach(d.domid);
    await first.expect(/\[user@work ~\]\$ /);
    first.kill();
    await first.exited;
    const second = attach(d.domid);
    second.type('echo next-$((21*2))\r');
    await second.expect(/\rnext-42\r\n/);
    expect(livePids([d.supervisorPid])).toEqual([d.supervisorPid]);
  });

  it('gives the guest pty the client terminal size and follows its resizes', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const c = attach(d.domid, { cols: 111, rows: 33 });
    await c.expect(/\[user@work ~\]\$ /);
    c.type('stty size\r');
    await c.expect(/\r33 111\r\n/);
    const mark = c.output.length;
    c.term.resize(97, 21);
    // SIGWINCH reaches the client asynchronously; ask until the guest sees the new size.
    await waitFor('the new size in the guest', () => {
      c.type('stty size\r');
      return /\r21 97\r\n/.test(c.output.slice(mark));
    });
  });

  it('exit in the console powers the domain off: the client sees EOF and exits 0', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const c = attach(d.domid);
    await c.expect(/\[user@work ~\]\$ /);
    c.type('exit\r');
    expect(await c.exited).toBe(0);
    await waitFor('the domain gone from the state', () => host.domain(d.domid) === undefined);
    expect(host.domainEvents()).toEqual(['@releaseDomain']);
    await waitFor('the supervisor gone', () => livePids([d.supervisorPid]).length === 0);
  });

  it('xl destroy hangs up on the attached client, which exits 0', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const c = attach(d.domid);
    await c.expect(/\[user@work ~\]\$ /);
    await destroyDomain(host.dir, d.domid);
    expect(await c.exited).toBe(0);
  });

  it('with on_poweroff=restart, exit reboots the domain under a new domid', async () => {
    host = new SimHost();
    const d = await host.create('work', { config: { on_poweroff: 'restart' } });
    const c = attach(d.domid);
    await c.expect(/\[user@work ~\]\$ /);
    c.type('exit\r');
    expect(await c.exited).toBe(0);
    const back = await waitFor('the domain back', () => host.domainByName('work')?.domid !== d.domid && host.domainByName('work'));
    expect(host.domainEvents()).toEqual(['@releaseDomain', '@introduceDomain']);
    const again = attach(back.domid);
    again.type('echo $QTUI_SIM_DOMID\r');
    await again.expect(new RegExp(`\\r${back.domid}\\r\\n`));
  });

  it('a client of a domain that does not exist fails', async () => {
    host = new SimHost();
    const c = track(host.attachClient(7));
    expect(await c.exited).toBe(1);
    expect(c.output).toMatch(/cannot attach to the console of domain 7/);
  });
});
