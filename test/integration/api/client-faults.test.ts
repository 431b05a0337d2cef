/**
 * Clients that misbehave cost the daemon nothing that grows: one that stops
 * reading while a pane floods is sent no backlog (its frames are skipped and
 * it gets the latest screen when it reads again) while another client keeps
 * working, and one killed mid-frame leaves no console session behind.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketPath } from '../../../services/config/qtui-paths.js';
import { liveSessions } from '../../../services/sessions/console-session.js';
import { DaemonFixture } from '../../support/daemon-fixture.js';
import { rawAttach, type RawAttach } from './raw-attach.js';

let f: DaemonFixture;
const clients: RawAttach[] = [];

beforeAll(async () => {
  f = await DaemonFixture.start();
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.socket.destroy();
  await f.teardown();
});

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !ok(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function attach(): Promise<RawAttach> {
  const c = await rawAttach(socketPath(f.paths), 120, 36);
  clients.push(c);
  await until('the console', () => c.screen().includes('sys-firewall'));
  return c;
}

/** Opens a dom0 shell pane from the table (shared by every client) and waits for its prompt to answer. */
async function openDom0Shell(c: RawAttach): Promise<void> {
  c.type(':filter dom0\r');
  await until('the filter', () => c.screen().includes('filter "dom0"'));
  c.type('\r');
  await until('a dom0 shell', () => c.screen().includes('dom0 shell'));
  c.type('echo ready-$((2*3))\r');
  await until('the shell', () => c.screen().includes('ready-6'));
}

/** Random lines for some seconds, so that frames keep coming however fast the daemon draws. */
const FLOOD = 'for i in $(seq 1 500); do head -c 3000 /dev/urandom | base64 -w 110; sleep 0.01; done; echo flood-$((1+1))-done\r';

describe('client faults', () => {
  it('a client that stops reading is skipped, not buffered for, while another keeps working; it gets the latest screen when it reads again', async () => {
    const stalled = await attach();
    const worker = await attach();
    await openDom0Shell(worker);
    // The panes are the daemon's, shared: the other client shows them too.
    stalled.type('w');
    await until('the pane on the stalled client too', () => stalled.screen().includes('ready-6'));
    stalled.socket.pause();
    await stalled.settled();
    const stalledBefore = stalled.bytes();
    const workerBefore = worker.bytes();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 100);
    try {
      worker.type(FLOOD);
      await until('the flood to end on the working client', () => worker.screen().includes('flood-2-done'), 120_000);
      worker.type('echo alive-$((3*3))\r');
      await until('keys answered on the working client', () => worker.screen().includes('alive-9'));
    } finally {
      clearInterval(sampler);
    }
    const workerGot = worker.bytes() - workerBefore;
    // Generous: the garbage of parsing and drawing a flood comes and goes (see test/e2e/panes/flow-control.test.ts).
    expect((rssPeak - rssBefore) / 2 ** 20).toBeLessThan(192);

    stalled.socket.resume();
    await until('the latest screen on the stalled client', () => stalled.screen().includes('alive-9'));
    const stalledGot = stalled.bytes() - stalledBefore;
    expect(liveSessions.sessions).toBe(2);
    // What the kernel's socket buffers held when it stopped, then one screen: not the frames in between.
    expect(stalledGot, `the stalled client got ${stalledGot} bytes, the working one ${workerGot}`).toBeLessThan(workerGot / 4);
  }, 180_000);

  it('a client killed mid-frame leaves no console session behind', async () => {
    const baseline = liveSessions.sessions;
    const worker = clients[1] as RawAttach;
    // A client process of its own that reads frames until it is killed.
    const client = spawn(process.execPath, [
      '-e',
      `const s = require('net').connect(process.argv[1]);
       s.write(JSON.stringify({ id: 1, op: 'attach', cols: 120, rows: 36, term: 'xterm-256color' }) + '\\n');
       let n = 0;
       s.on('data', (d) => { n += d.length; if (n > 20000) { process.stdout.write('streaming\\n'); n = -1e12; } });`,
      socketPath(f.paths),
    ]);
    const exited = new Promise<void>((r) => client.once('exit', () => r()));
    let out = '';
    client.stdout.on('data', (d: Buffer) => (out += d.toString()));
    worker.type(FLOOD.replace('flood-', 'second-flood-'));
    await until('the client receiving frames', () => out.includes('streaming'));
    expect(liveSessions.sessions).toBe(baseline + 1);
    client.kill('SIGKILL');
    await exited;
    await until('the killed client\'s session to end', () => liveSessions.sessions === baseline);
    await until('the flood to end', () => worker.screen().includes('second-flood-2-done'), 120_000);
    expect(liveSessions.sessions).toBe(baseline);
  }, 180_000);
});
