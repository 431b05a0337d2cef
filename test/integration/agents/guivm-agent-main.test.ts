/**
 * The compiled GUI agent as a real process on a real private bus: it comes
 * up from --bus or DBUS_SESSION_BUS_ADDRESS, serves real clients, stops
 * cleanly on SIGTERM, and exits with an error when its bus goes away.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { buildOnce, REPO_ROOT } from '../../support/build-once.js';
import { startDbusDaemon, type DbusDaemon } from '../../support/dbus-daemon.js';
import { run } from './dbus-clients.js';

const AGENT = join(REPO_ROOT, 'dist', 'guivm', 'guivm-agent-main.js');
const WAIT_MS = 10_000;

interface Agent {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const started: { agents: Agent[]; daemons: DbusDaemon[] } = { agents: [], daemons: [] };

beforeAll(buildOnce, 120_000);

afterEach(async () => {
  for (const a of started.agents) {
    if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
    await a.exited;
  }
  for (const d of started.daemons) await d.stop();
  started.agents = [];
  started.daemons = [];
});

async function daemon(): Promise<DbusDaemon> {
  const d = await startDbusDaemon();
  started.daemons.push(d);
  return d;
}

function startAgent(args: string[], env: NodeJS.ProcessEnv): Agent {
  const child = spawn(process.execPath, [AGENT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const agent = { child, stdout: () => out, stderr: () => err, exited };
  started.agents.push(agent);
  return agent;
}

async function ready(agent: Agent): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!agent.stdout().includes('guivm-agent: ready\n')) {
    if (agent.child.exitCode !== null) throw new Error(`agent exited ${agent.child.exitCode}: ${agent.stderr()}`);
    if (Date.now() > deadline) throw new Error(`agent not ready: ${agent.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function envWithoutBus(): NodeJS.ProcessEnv {
  const { DBUS_SESSION_BUS_ADDRESS: _, ...env } = process.env;
  return env;
}

describe('guivm-agent-main', () => {
  it('serves gdbus on the bus given by --bus, and exits 0 on SIGTERM', async () => {
    const bus = await daemon();
    const agent = startAgent(['--bus', bus.address], envWithoutBus());
    await ready(agent);
    const r = await run('gdbus', ['call', '--address', bus.address, '--dest', 'org.freedesktop.Notifications', '--object-path', '/org/freedesktop/Notifications', '--method', 'org.freedesktop.Notifications.GetServerInformation']);
    expect(r.stdout.trim()).toBe("('qtui-guivm', 'qtui', '0.1.0', '1.2')");
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.stderr()).toBe('');
  });

  it('uses DBUS_SESSION_BUS_ADDRESS and serves notify-send there', async () => {
    const bus = await daemon();
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address };
    const agent = startAgent([], env);
    await ready(agent);
    const r = await run('notify-send', ['--print-id', 'hello'], env);
    expect(r.code).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  });

  it('after a restart the names are free again for the new agent', async () => {
    const bus = await daemon();
    const first = startAgent(['--bus', bus.address], process.env);
    await ready(first);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = startAgent(['--bus', bus.address], process.env);
    await ready(second);
    const r = await run('notify-send', ['--print-id', 'again'], { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address });
    expect(r.code).toBe(0);
  });

  it('a second agent on the same bus refuses to queue behind the first', async () => {
    const bus = await daemon();
    const first = startAgent(['--bus', bus.address], process.env);
    await ready(first);
    const second = startAgent(['--bus', bus.address], process.env);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain('cannot own the D-Bus name org.freedesktop.Notifications');
  });

  it('exits 1 when its bus goes away', async () => {
    const bus = await daemon();
    const agent = startAgent(['--bus', bus.address], process.env);
    await ready(agent);
    await bus.stop();
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toMatch(/^guivm-agent: (the bus closed the connection|bus error: )/);
  });

  it('exits 1 with a message when no bus is given', async () => {
    const agent = startAgent([], envWithoutBus());
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toBe('guivm-agent: no bus: give --bus ADDRESS or set DBUS_SESSION_BUS_ADDRESS\n');
  });

  it('exits 1 with a message when the bus cannot be reached', async () => {
    const agent = startAgent(['--bus', 'unix:path=/nonexistent/qtui-bus'], process.env);
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toMatch(/^guivm-agent: cannot connect to unix:path=\/nonexistent\/qtui-bus: /);
  });
});
