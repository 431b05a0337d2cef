import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simBootFiles } from '../../../xen-bridge/sim/sim-boot-files.js';
import { supervisorSocket } from '../../../xen-bridge/sim/sim-state.js';
import { controlDomain, destroyDomain, guestCpuSeconds, guestProcessesOf, guestRunning, startSupervisor } from '../../../xen-bridge/sim/supervisor/supervisor-control.js';
import { REPO_ROOT, SimHost, buildOnce, livePids, sleep, waitFor } from '../../support/sim-supervisor-fixture.js';

let host: SimHost;

beforeAll(buildOnce, 180_000);
afterEach(async () => {
  await host.cleanup();
});

function guestPids(domid: number): number[] {
  return guestProcessesOf(host.dir, domid).map((p) => p.pid);
}

function environOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

/** A qube whose rc.local starts an agent that ignores polite requests to stop. */
function writeStubbornAgent(name: string): void {
  host.writeRcLocal(name, `trap '' HUP TERM\nwhile :; do sleep 1; done`);
}

describe('domain supervisor', () => {
  it('runs the guest shell in the domain folder, marked with the domain, and listens on the socket', async () => {
    host = new SimHost();
    const d = await host.create('work');
    expect(d.supervisorPid).toBeGreaterThan(0);
    expect(livePids([d.supervisorPid])).toEqual([d.supervisorPid]);
    expect(existsSync(supervisorSocket(host.dir, d.domid))).toBe(true);
    const [shell] = d.guestSessions ?? [];
    expect(shell).toBeDefined();
    const shellPid = shell?.sid ?? 0;
    expect(guestPids(d.domid)).toContain(shellPid);
    expect(readlinkSync(`/proc/${shellPid}/cwd`)).toBe(host.folder('work'));
    expect(environOf(shellPid)).toEqual(expect.arrayContaining([`QTUI_SIM_DOMID=${d.domid}`, 'QTUI_SIM_DOMNAME=work', `HOME=${host.folder('work')}`, `QTUI_SIM_DIR=${host.dir}`]));
  });

  it('pause stops every guest process and unpause continues them', async () => {
    host = new SimHost();
    host.writeRcLocal('work', 'sleep 300');
    const d = await host.create('work');
    await waitFor('rc.local and the shell', () => guestPids(d.domid).length >= 3);
    await controlDomain(host.dir, d.domid, 'pause');
    expect(host.domain(d.domid)?.paused).toBe(true);
    await waitFor('all guest processes stopped', () => guestProcessesOf(host.dir, d.domid).every((p) => p.state === 'T'));
    expect(guestRunning(host.dir, d.domid)).toBe(false);
    await controlDomain(host.dir, d.domid, 'unpause');
    expect(host.domain(d.domid)?.paused).toBe(false);
    await waitFor('no guest process stopped', () => guestProcessesOf(host.dir, d.domid).every((p) => p.state !== 'T'));
  });

  it('a domain created paused starts with its guest stopped', async () => {
    host = new SimHost();
    const d = await host.create('work', { paused: true });
    await waitFor('the shell stopped', () => guestProcessesOf(host.dir, d.domid).some((p) => p.state === 'T'));
    expect(guestProcessesOf(host.dir, d.domid).every((p) => p.state === 'T')).toBe(true);
  });

  it('shutdown stops the guest, removes the domain, announces it and leaves no process', async () => {
    host = new SimHost();
    host.writeRcLocal('work', 'sleep 300 & wait');
    const d = await host.create('work');
    const pids = await waitFor('rc.local, its sleep and the shell', () => (guestPids(d.domid).length >= 3 ? guestPids(d.domid) : undefined));
    await controlDomain(host.dir, d.domid, 'shutdown');
    await waitFor('the domain gone from the state', () => host.domain(d.domid) === undefined);
    expect(host.events()).toEqual([`/local/domain/${d.domid}/control/shutdown`, '@releaseDomain']);
    await waitFor('every process gone', () => livePids([...pids, d.supervisorPid]).length === 0);
    expect(existsSync(supervisorSocket(host.dir, d.domid))).toBe(false);
  });

  it('shutdown of a guest that ignores it is escalated to SIGKILL after the grace period', async () => {
    host = new SimHost();
    writeStubbornAgent('work');
    process.env.QTUI_SIM_SHUTDOWN_GRACE_MS = '300';
    let d;
    try {
      d = await host.create('work');
    } finally {
      delete process.env.QTUI_SIM_SHUTDOWN_GRACE_MS;
    }
    const pids = await waitFor('the agent and the shell', () => (guestPids(d.domid).length >= 3 ? guestPids(d.domid) : undefined));
    await controlDomain(host.dir, d.domid, 'shutdown');
    expect(host.domain(d.domid)?.shuttingDown).toBe(true);
    await waitFor('the domain gone from the state', () => host.domain(d.domid) === undefined);
    await waitFor('every process gone', () => livePids([...pids, d.supervisorPid]).length === 0);
    expect(readFileSync(join(host.dir, 'run', `dom-${d.domid}.log`), 'utf8')).toContain('killing it');
  });

  it('destroy kills a guest that traps SIGHUP and SIGTERM at once', async () => {
    host = new SimHost();
    writeStubbornAgent('work');
    const d = await host.create('work');
    const pids = await waitFor('the agent and the shell', () => (guestPids(d.domid).length >= 3 ? guestPids(d.domid) : undefined));
    await destroyDomain(host.dir, d.domid);
    expect(host.domain(d.domid)).toBeUndefined();
    expect(host.domainEvents()).toEqual(['@releaseDomain']);
    await waitFor('every process gone', () => livePids([...pids, d.supervisorPid]).length === 0, 3000);
  });

  it('destroy works when the supervisor is wedged', async () => {
    host = new SimHost();
    writeStubbornAgent('work');
    const d = await host.create('work');
    const pids = await waitFor('the agent and the shell', () => (guestPids(d.domid).length >= 3 ? guestPids(d.domid) : undefined));
    process.kill(d.supervisorPid, 'SIGSTOP');
    await destroyDomain(host.dir, d.domid);
    expect(host.domain(d.domid)).toBeUndefined();
    expect(host.domainEvents()).toEqual(['@releaseDomain']);
    await waitFor('every process gone', () => livePids([...pids, d.supervisorPid]).length === 0, 3000);
  });

  it('SIGTERM to the supervisor destroys the domain cleanly', async () => {
    host = new SimHost();
    writeStubbornAgent('work');
    const d = await host.create('work');
    const pids = await waitFor('the agent and the shell', () => (guestPids(d.domid).length >= 3 ? guestPids(d.domid) : undefined));
    process.kill(d.supervisorPid, 'SIGTERM');
    await waitFor('the domain gone from the state', () => host.domain(d.domid) === undefined);
    expect(host.domainEvents()).toEqual(['@releaseDomain']);
    await waitFor('every process gone', () => livePids([...pids, d.supervisorPid]).length === 0);
  });

  it('rc.local runs inside the guest tree, logs to rc.local.log and dies with the domain', async () => {
    host = new SimHost();
    host.writeRcLocal('work', 'echo "agent of $QTUI_SIM_DOMNAME in $(pwd)"\nexec sleep 300');
    const d = await host.create('work');
    const rcSession = d.guestSessions?.[1]?.sid;
    expect(rcSession).toBeGreaterThan(0);
    await waitFor('the agent logged', () => existsSync(join(host.folder('work'), 'rc.local.log')) && readFileSync(join(host.folder('work'), 'rc.local.log'), 'utf8').includes('agent of work'));
    expect(readFileSync(join(host.folder('work'), 'rc.local.log'), 'utf8')).toContain(`in ${host.folder('work')}`);
    expect(guestPids(d.domid)).toContain(rcSession);
    await destroyDomain(host.dir, d.domid);
    await waitFor('the agent gone', () => livePids([rcSession ?? 0]).length === 0, 3000);
  });

  it('an agent that daemonizes out of the sessions is still part of the guest', async () => {
    host = new SimHost();
    // setsid + background: a new session, reparented away from rc.local once it exits.
    host.writeRcLocal('work', 'setsid sleep 300 &\nexit 0');
    const d = await host.create('work');
    const daemon = await waitFor('the daemon', () => guestProcessesOf(host.dir, d.domid).find((p) => p.pid === p.sid && p.sid !== d.guestSessions?.[0]?.sid && p.sid !== d.guestSessions?.[1]?.sid));
    await destroyDomain(host.dir, d.domid);
    await waitFor('the daemon gone', () => livePids([daemon.pid]).length === 0, 3000);
  });

  it('reboot brings the same guest back under a new domid', async () => {
    host = new SimHost();
    const d = await host.create('work');
    const oldShell = d.guestSessions?.[0]?.sid ?? 0;
    await controlDomain(host.dir, d.domid, 'reboot');
    const rebooted = await waitFor('the domain back under a new id', () => host.domainByName('work')?.domid !== d.domid && host.domainByName('work'));
    expect(rebooted.domid).toBe(d.domid + 1);
    expect(rebooted.supervisorPid).toBe(d.supervisorPid);
    expect(host.state().nextDomid).toBe(rebooted.domid + 1);
    expect(host.events()).toEqual([`/local/domain/${d.domid}/control/shutdown`, '@releaseDomain', '@introduceDomain', `/local/domain/${rebooted.domid}`]);
    expect(existsSync(supervisorSocket(host.dir, d.domid))).toBe(false);
    expect(existsSync(supervisorSocket(host.dir, rebooted.domid))).toBe(true);
    expect(livePids([oldShell])).toEqual([]);
    const newShell = rebooted.guestSessions?.[0]?.sid ?? 0;
    expect(environOf(newShell)).toContain(`QTUI_SIM_DOMID=${rebooted.domid}`);
    await controlDomain(host.dir, rebooted.domid, 'pause');
    expect(host.domain(rebooted.domid)?.paused).toBe(true);
  });

  it('on_reboot=destroy makes reboot take the domain away', async () => {
    host = new SimHost();
    const d = await host.create('work', { config: { on_reboot: 'destroy' } });
    await controlDomain(host.dir, d.domid, 'reboot');
    await waitFor('the domain gone', () => host.state().domains.length === 0);
    expect(host.domainEvents()).toEqual(['@releaseDomain']);
  });

  it('counts the CPU time of the whole guest tree', async () => {
    host = new SimHost();
    host.writeRcLocal('work', 'i=0\nwhile [ $i -lt 500000 ]; do i=$((i+1)); done\nsleep 300');
    const d = await host.create('work');
    await waitFor('the busy loop on a CPU', () => guestRunning(host.dir, d.domid));
    await waitFor('CPU time of the busy loop', () => guestCpuSeconds(host.dir, d.domid) >= 0.2, 20_000);
    const spent = guestCpuSeconds(host.dir, d.domid);
    await waitFor('the loop done', () => !guestRunning(host.dir, d.domid), 20_000);
    expect(guestCpuSeconds(host.dir, d.domid)).toBeGreaterThanOrEqual(spent);
    expect(guestCpuSeconds(host.dir, 999)).toBe(0);
  });

  it('outlives the xl create that started it', async () => {
    host = new SimHost();
    const cfg = join(host.dir, 'work.cfg');
    writeFileSync(cfg, `name = "work"\ntype = "pv"\nkernel = "${simBootFiles(host.dir).kernel}"\nmemory = 64\nvcpus = 1\n`);
    const xl = await promisify(execFile)(join(REPO_ROOT, 'bin/sim/xl'), ['create', cfg], { env: { ...process.env, QTUI_SIM_DIR: host.dir } });
    expect(xl.stderr).toContain('Parsing config');
    const d = await waitFor('the domain in the state', () => host.domainByName('work'));
    await sleep(300);
    expect(livePids([d.supervisorPid])).toEqual([d.supervisorPid]);
    expect(guestProcessesOf(host.dir, d.domid).length).toBeGreaterThan(0);
    await controlDomain(host.dir, d.domid, 'pause');
    expect(host.domain(d.domid)?.paused).toBe(true);
  });

  it('startSupervisor fails with the supervisor\'s reason when the domain is not in the state', async () => {
    host = new SimHost();
    await expect(startSupervisor(host.dir, 9)).rejects.toThrow(/supervisor exited during start[^]*domain 9 is not in the simulated host's state/);
  });

  it('refuses requests for a domain it does not hold', async () => {
    host = new SimHost();
    await expect(controlDomain(host.dir, 42, 'pause')).rejects.toThrow(/cannot reach the supervisor of domain 42/);
    await expect(destroyDomain(host.dir, 42)).rejects.toThrow(/domain 42 does not exist/);
  });
});
