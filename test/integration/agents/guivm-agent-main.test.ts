/**
 * The compiled GUI agent as a real process on a real private bus: it comes
 * up from --bus or DBUS_SESSION_BUS_ADDRESS, serves real clients, stops
 * cleanly on SIGTERM, and exits with an error when its bus goes away.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../../support/build-once.js';
import { AgentProcesses, envWithoutBus } from './agent-processes.js';
import { run } from './dbus-clients.js';

const agents = new AgentProcesses('guivm-agent', 'guivm/guivm-agent-main.js');

beforeAll(buildOnce, 120_000);
afterEach(() => agents.cleanup());

describe('guivm-agent-main', () => {
  it('serves gdbus on the bus given by --bus, and exits 0 on SIGTERM', async () => {
    const bus = await agents.daemon();
    const agent = agents.start(['--bus', bus.address], envWithoutBus());
    await agent.ready();
    const r = await run('gdbus', ['call', '--address', bus.address, '--dest', 'org.freedesktop.Notifications', '--object-path', '/org/freedesktop/Notifications', '--method', 'org.freedesktop.Notifications.GetServerInformation']);
    expect(r.stdout.trim()).toBe("('qtui-guivm', 'qtui', '0.1.0', '1.2')");
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.stderr()).toBe('');
  });

  it('uses DBUS_SESSION_BUS_ADDRESS and serves notify-send there', async () => {
    const bus = await agents.daemon();
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address };
    const agent = agents.start([], env);
    await agent.ready();
    const r = await run('notify-send', ['--print-id', 'hello'], env);
    expect(r.code).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
  });

  it('after a restart the names are free again for the new agent', async () => {
    const bus = await agents.daemon();
    const first = agents.start(['--bus', bus.address], process.env);
    await first.ready();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = agents.start(['--bus', bus.address], process.env);
    await second.ready();
    const r = await run('notify-send', ['--print-id', 'again'], { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address });
    expect(r.code).toBe(0);
  });

  it('a second agent on the same bus refuses to queue behind the first', async () => {
    const bus = await agents.daemon();
    const first = agents.start(['--bus', bus.address], process.env);
    await first.ready();
    const second = agents.start(['--bus', bus.address], process.env);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain('cannot own the D-Bus name org.freedesktop.Notifications');
  });

  it('exits 1 when its bus goes away', async () => {
    const bus = await agents.daemon();
    const agent = agents.start(['--bus', bus.address], process.env);
    await agent.ready();
    await bus.stop();
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toMatch(/^guivm-agent: (the bus closed the connection|bus error: )/);
  });

  it('exits 1 with a message when no bus is given', async () => {
    const agent = agents.start([], envWithoutBus());
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toBe('guivm-agent: no bus: give --bus ADDRESS or set DBUS_SESSION_BUS_ADDRESS\n');
  });

  it('exits 1 with a message when the bus cannot be reached', async () => {
    const agent = agents.start(['--bus', 'unix:path=/nonexistent/qtui-bus'], process.env);
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toMatch(/^guivm-agent: cannot connect to unix:path=\/nonexistent\/qtui-bus: /);
  });
});
