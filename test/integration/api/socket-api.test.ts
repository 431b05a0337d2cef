import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../../services/api/socket-client.js';
import { SocketServer } from '../../../services/api/socket-server.js';
import { CommandError } from '../../../services/commands/command-spec.js';
import { EventBus } from '../../../services/daemon/event-bus.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startServer(): Promise<{ path: string; events: EventBus }> {
  const dir = mkdtempSync(join(tmpdir(), 'qtui-sock-'));
  const path = join(dir, 'run', 'qtui.sock');
  const events = new EventBus();
  const server = new SocketServer(
    path,
    (argv, caller) => {
      if (argv[0] === 'fail') return Promise.reject(new CommandError('no such qube: ghost', 1, 'not-found'));
      return Promise.resolve({ data: { argv, role: caller.role }, text: argv.join(' ') });
    },
    events,
  );
  await server.listen();
  cleanups.push(() => server.close(), () => rmSync(dir, { recursive: true, force: true }));
  return { path, events };
}

describe('socket API', () => {
  it('is reachable only by its owner', async () => {
    const { path } = await startServer();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
  });
  it('runs commands, reports errors with exit codes, and streams events', async () => {
    const { path, events } = await startServer();
    const c = await DaemonClient.connect(path);
    cleanups.push(() => c.close());
    expect(await c.run(['ls', '--format', 'json'])).toEqual({ ok: true, data: { argv: ['ls', '--format', 'json'], role: 'admin' }, text: 'ls --format json' });
    expect(await c.run(['fail'])).toEqual({ ok: false, error: { code: 'not-found', message: 'no such qube: ghost', exitCode: 1 } });
    const seen: unknown[] = [];
    await c.subscribe((e) => seen.push(e));
    events.publish('domain-start', { qube: 'work' });
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({ type: 'domain-start', qube: 'work' });
    expect(events.subscriberCount).toBe(1);
    c.close();
    await expect.poll(() => events.subscriberCount).toBe(0);
  });
  it('answers garbage with an error and drops an endless line', async () => {
    const { path } = await startServer();
    const s = connect(path);
    cleanups.push(() => void s.destroy());
    let got = '';
    // The daemon hangs up while the endless line is still being written.
    s.on('error', () => undefined);
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.write('this is not json\n');
    await expect.poll(() => got).toContain('not JSON');
    const closed = new Promise((r) => s.on('close', r));
    s.write('x'.repeat(2 << 20));
    await closed;
    expect(got).toContain('longer than');
  });
});
