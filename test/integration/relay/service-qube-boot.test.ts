/**
 * End to end on the simulated host: the rc.local the relay writes for a
 * service qube is run by the simulated domain supervisor, inside the
 * domain's process tree, and brings up the qube's own dbus-daemon and the
 * real agent with its vchan server; dom0's relay reaches the agent through
 * the simulated vchan, survives the qube's bus dying (rc.local restarts
 * it), and everything is gone once the domain is destroyed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { netStatusCommand } from '../../../services/commands/table/cmd-net.js';
import { notifyListCommand } from '../../../services/commands/table/cmd-notify.js';
import type { RelayContext } from '../../../services/relay/relay-context.js';
import { serviceKindOf, SERVICE_FEATURE, writeServiceQubeBoot, type ServiceKind } from '../../../services/relay/service-qube-boot.js';
import { domainFolder } from '../../../xen-bridge/sim/sim-state.js';
import { buildOnce, REPO_ROOT, SIM_BIN, SimXenHost } from '../../support/sim-host.js';
import { createDomain, policyFolder, qubeTable, RELAY_TEST_POLICY, startRelay, testContext, waitFor, type RelayUnderTest } from './relay-fixture.js';

let host: SimXenHost;
let policyDir: string;
let r: RelayUnderTest;
let ctx: RelayContext;
const domids = new Map<string, number>();

/** Pids of processes whose command line mentions `text`. */
function pidsMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // Exited meanwhile.
    }
  }
  return pids;
}

async function bootServiceQube(name: string, kind: ServiceKind): Promise<void> {
  await writeServiceQubeBoot({ folder: domainFolder(host.dir, name), kind, repoRoot: REPO_ROOT, vchanProxy: join(SIM_BIN, 'vchan-socket-proxy') });
  const { domid } = await createDomain(host, name);
  domids.set(name, domid);
  r.relay.qubeStarted(name, domid);
}

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
  const { policy, dir } = policyFolder(RELAY_TEST_POLICY);
  policyDir = dir;
  const qubes = qubeTable(['sys-net', 'sys-gui']);
  r = startRelay(host, policy, qubes);
  ctx = testContext(r.relay, policy, qubes, ['sys-net', 'sys-gui'], { network: 'sys-net', gui: 'sys-gui' }, dir);
  await bootServiceQube('sys-net', 'network');
  await bootServiceQube('sys-gui', 'gui');
}, 120_000);

afterAll(async () => {
  await r?.cleanup();
  await host?.teardown();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

describe('a simulated service qube booted with the relay’s rc.local', () => {
  it('is a service qube by its feature', () => {
    expect(serviceKindOf({ [SERVICE_FEATURE]: 'gui' })).toBe('gui');
    expect(serviceKindOf({ [SERVICE_FEATURE]: 'toaster' })).toBeUndefined();
    expect(statSync(join(domainFolder(host.dir, 'sys-gui'), 'rc.local')).mode & 0o111).not.toBe(0);
  });

  it('the relay reaches its agents through the simulated vchan', async () => {
    await waitFor('sys-net link up', () => r.relay.status('sys-net').state === 'up', 30_000);
    await waitFor('sys-gui link up', () => r.relay.status('sys-gui').state === 'up', 30_000);
    const net = await netStatusCommand.handler(ctx, { positional: {}, options: {} }, { role: 'viewer', identity: 't', origin: 't' });
    expect((net.data as { interfaces: { name: string }[] }).interfaces.map((i) => i.name)).toContain('lo');
    const notes = await notifyListCommand.handler(ctx, { positional: {}, options: {} }, { role: 'viewer', identity: 't', origin: 't' });
    expect(notes.data).toEqual([]);
  }, 40_000);

  it('the qube’s bus dying is survived: rc.local restarts bus and agent, the relay reconnects', async () => {
    const folder = domainFolder(host.dir, 'sys-gui');
    const [bus] = pidsMentioning(join(folder, 'bus.conf'));
    expect(bus).toBeDefined();
    process.kill(bus ?? 0, 'SIGKILL');
    await waitFor('the link to drop', () => r.relay.status('sys-gui').state !== 'up', 10_000);
    await waitFor('the link to come back', () => r.relay.status('sys-gui').state === 'up', 30_000);
    const notes = await notifyListCommand.handler(ctx, { positional: {}, options: {} }, { role: 'viewer', identity: 't', origin: 't' });
    expect(notes.data).toEqual([]);
  }, 50_000);

  it('destroying the domain ends its bus and agent, and the relay closes the link', async () => {
    const folder = domainFolder(host.dir, 'sys-net');
    expect(pidsMentioning(folder).length).toBeGreaterThan(0);
    expect((await host.xl('destroy', 'sys-net')).code).toBe(0);
    await r.relay.qubeStopped('sys-net');
    expect(r.relay.status('sys-net').state).toBe('closed');
    await waitFor('the qube’s processes to end', () => pidsMentioning(folder).length === 0, 10_000);
  }, 20_000);
});
