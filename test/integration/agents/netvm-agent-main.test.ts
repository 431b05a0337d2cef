/**
 * The compiled sys-net agent as a real process on a real private bus.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../../support/build-once.js';
import { AgentProcesses } from './agent-processes.js';
import { run } from './dbus-clients.js';

const agents = new AgentProcesses('netvm-agent', 'netvm/netvm-agent-main.js');

beforeAll(buildOnce, 120_000);
afterEach(() => agents.cleanup());

function gdbusCall(address: string, method: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('gdbus', ['call', '--address', address, '--dest', 'org.qtui.Network1', '--object-path', '/org/qtui/Network1', '--method', `org.qtui.Network1.${method}`]);
}

describe('netvm-agent-main', () => {
  it('serves Network1 to gdbus, with the simulated Wi-Fi list when asked, and exits 0 on SIGTERM', async () => {
    const bus = await agents.daemon();
    const agent = agents.start(['--bus', bus.address, '--simulated-wifi'], process.env);
    await agent.ready();
    const wifi = await gdbusCall(bus.address, 'WifiNetworks');
    expect(wifi.stderr).toBe('');
    expect(wifi.stdout).toMatch(/^\(true, \[\('qtui-sim-home', '02:00:00:00:01:01', byte 0x52, 'WPA2'\)/);
    const ifaces = await gdbusCall(bus.address, 'Interfaces');
    expect(ifaces.stdout).toContain("('lo', 'loopback', ");
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });

  it('without --simulated-wifi, WifiNetworks is NotSupported', async () => {
    const bus = await agents.daemon();
    const agent = agents.start(['--bus', bus.address], process.env);
    await agent.ready();
    const wifi = await gdbusCall(bus.address, 'WifiNetworks');
    expect(wifi.code).not.toBe(0);
    expect(wifi.stderr).toContain('org.qtui.Error.NotSupported');
  });

  it('--firewall --no-network --nft check serves only Firewall1 and checks what it compiles', async () => {
    const bus = await agents.daemon();
    const agent = agents.start(['--bus', bus.address, '--firewall', '--no-network', '--nft', 'check', '--dns', '10.139.1.1'], process.env);
    await agent.ready();
    const fw = ['--dest', 'org.qtui.Firewall1', '--object-path', '/org/qtui/Firewall1'];
    const set = await run('gdbus', ['call', '--address', bus.address, ...fw, '--method', 'org.qtui.Firewall1.SetRules', 'work', '10.137.0.5', '', "['action=accept specialtarget=dns']"]);
    expect(set.stderr).toBe('');
    expect(set.stdout.trim()).toBe('(@as [],)');
    const state = await run('gdbus', ['call', '--address', bus.address, ...fw, '--method', 'org.qtui.Firewall1.State']);
    expect(state.stdout.trim()).toBe("('checked', '')");
    const net = await gdbusCall(bus.address, 'Interfaces');
    expect(net.stderr).toContain('org.freedesktop.DBus.Error.ServiceUnknown');
  });

  it('refuses unknown arguments before touching the bus', async () => {
    const agent = agents.start(['--frobnicate'], process.env);
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toBe('netvm-agent: unknown argument "--frobnicate"\n');
  });
});
