/**
 * Console sessions that come and go leave nothing behind: 40 of them (over
 * the daemon's socket, detached or cut off, and over SSH) bring the daemon's
 * live session count, its event bus's subscribers and its heap after a full
 * GC back to where they were. The daemon runs as `qtui daemon` started by
 * hand does, with React's development build, whose profiler record of every
 * render is what grew it by about half a MiB per SSH session
 * (render-timeline.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeClientKey, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { rawAttach } from '../api/raw-attach.js';
import { ProbedDaemon, type DaemonProbe } from './probed-daemon.js';
import { freePort } from '../../fixtures/free-port.js';


let daemon: ProbedDaemon;
let keyDir: string;
let key: ClientKey;
let port: number;

beforeAll(async () => {
  daemon = await ProbedDaemon.start();
  keyDir = mkdtempSync(join(tmpdir(), 'qtui-leak-keys-'));
  key = makeClientKey(keyDir, 'admin');
  port = await freePort();
  await daemon.run('ssh', 'enable', '--listen', `127.0.0.1:${port}`);
  await daemon.run('ssh', 'authorize', '--role', 'admin', `${key.path}.pub`);
}, 180_000);

afterAll(async () => {
  await daemon?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});
/** Not expect.poll: vitest keeps each poll's closure, and with it the client, until the test ends. */
async function until(what: string, ok: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 15_000; !ok(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A console over the socket, drawn, then ended by a detach or by the client vanishing. */
async function socketSession(cutOff: boolean): Promise<void> {
  const c = await rawAttach(daemon.socket);
  await until('the console', () => c.screen().includes('sys-firewall'));
  if (cutOff) c.socket.destroy();
  else await c.detach();
}

/** An SSH console (pty + shell), drawn, then the connection ended. */
async function sshSession(): Promise<void> {
  const client = new ssh2.Client();
  const closed = new Promise<void>((r) => client.once('close', () => r()));
  await new Promise<void>((resolve, reject) => {
    client.once('error', reject);
    client.once('ready', () => {
      client.shell({ term: 'xterm-256color', cols: 120, rows: 36 }, (err, channel) => {
        if (err) return reject(err);
        let seen = '';
        channel.on('data', (d: Buffer) => {
          seen = (seen + d.toString('utf8')).slice(-8192);
          if (seen.includes('sys-firewall')) resolve();
        });
      });
    });
    client.connect({ host: '127.0.0.1', port, username: 'admin', privateKey: readFileSync(key.path), hostVerifier: () => true, readyTimeout: 20_000 });
  });
  client.end();
  await closed;
}

async function session(i: number): Promise<void> {
  if (i % 4 === 0) await sshSession();
  else await socketSession(i % 2 === 1);
}

/** The daemon's counts once every session has ended and the render timeline was last cleared. */
async function settled(): Promise<DaemonProbe> {
  await expect.poll(async () => (await daemon.probe()).sessions, { timeout: 10_000 }).toBe(0);
  // The daemon clears the render timeline every few seconds; until then React's records are there.
  await expect.poll(async () => (await daemon.probe()).measures, { timeout: 20_000 }).toBe(0);
  return daemon.probe();
}

it('40 console sessions in and out leave the session count, the bus and the heap where they were', async () => {
  // Warm-up: code loaded and compiled, caches filled, before the baseline is taken.
  for (let i = 0; i < 12; i++) await session(i);
  const before = await settled();

  for (let i = 0; i < 40; i++) await session(i);

  const after = await settled();
  expect(after.subscribers).toBe(before.subscribers);
  // With the timeline never cleared the heap grew by 3.6 MiB over these sessions; without that leak, by about 1.
  expect((after.heapUsed - before.heapUsed) / 2 ** 20).toBeLessThan(2.5);
}, 180_000);
