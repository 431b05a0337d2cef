import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CommandError } from '../../../services/commands/command-spec.js';
import { DaemonFixture, OPERATOR } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';

beforeAll(buildOnce, 180_000);

let f: DaemonFixture | undefined;
afterEach(async () => {
  await f?.teardown();
  f = undefined;
});

async function refusal(p: Promise<unknown>): Promise<CommandError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CommandError) return e;
    throw e;
  }
  throw new Error('expected the command to be refused');
}

const starts = (fx: DaemonFixture): string[] => fx.events.filter((e) => e.type === 'domain-start').map((e) => String(e.qube));
const stops = (fx: DaemonFixture): string[] => fx.events.filter((e) => e.type === 'domain-shutdown').map((e) => String(e.qube));

describe('daemon lifecycle on the simulated host', () => {
  it('autostarts the service qubes and starts a netvm chain upstream first', async () => {
    f = await DaemonFixture.start();
    expect((await f.running()).sort()).toEqual(['sys-firewall', 'sys-net', 'sys-usb']);
    await f.run(['shutdown', '--all']);
    expect(await f.running()).toEqual([]);
    f.events.length = 0;
    const r = await f.run(['start', 'anon-whonix'], OPERATOR);
    expect(r.text).toBe('started sys-net, sys-firewall, sys-whonix, anon-whonix\n');
    expect(starts(f)).toEqual(['sys-net', 'sys-firewall', 'sys-whonix', 'anon-whonix']);
    const ls = await f.run(['ls', '--running', '--format', 'json']);
    expect((ls.data as { NAME: string }[]).map((q) => q.NAME).sort()).toEqual(['anon-whonix', 'dom0', 'sys-firewall', 'sys-net', 'sys-whonix']);
  });

  it('refuses to shut down a netvm in use, naming the users, and --force stops them downstream first', async () => {
    f = await DaemonFixture.start();
    await f.run(['start', 'work', 'anon-whonix']);
    const e = await refusal(f.run(['shutdown', 'sys-net']));
    expect(e.message).toContain('sys-net is the netvm of running qubes');
    for (const q of ['sys-firewall', 'work', 'sys-whonix', 'anon-whonix']) expect(e.message).toContain(q);
    expect((await f.running()).sort()).toEqual(['anon-whonix', 'sys-firewall', 'sys-net', 'sys-usb', 'sys-whonix', 'work']);
    f.events.length = 0;
    const r = await f.run(['shutdown', '--force', '--wait', 'sys-net']);
    expect(r.text).toBe('shut down anon-whonix, sys-whonix, work, sys-firewall, sys-net\n');
    expect(await f.running()).toEqual(['sys-usb']);
    expect(stops(f).sort()).toEqual(['anon-whonix', 'sys-firewall', 'sys-net', 'sys-whonix', 'work']);
  });

  it('refuses a start that does not fit in memory, saying how much is missing', async () => {
    // dom0 and the three autostarted service qubes leave less than 400 MiB of a 2400 MiB host.
    f = await DaemonFixture.start({ hostMemMiB: 2400 });
    const free = Number(/free_memory\s+:\s+(\d+)/.exec(await f.xl('info'))?.[1]);
    expect(free).toBeLessThan(400);
    const e = await refusal(f.run(['start', 'vault']));
    expect(e.message).toBe(`not enough memory to start vault: it needs 400 MiB, the host has ${free} MiB free (${400 - free} MiB missing)`);
    expect(await f.running()).not.toContain('vault');
  });

  it('makes a disposable, and removes it with its volumes when it halts', async () => {
    f = await DaemonFixture.start();
    const r = await f.run(['create-dispvm'], OPERATOR);
    expect(r.data).toEqual({ qube: 'disp1' });
    expect(await f.running()).toContain('disp1');
    expect(f.daemon.ctx.registry.get('disp1')?.klass).toBe('DispVM');
    expect(f.daemon.ctx.registry.getProperty('disp1', 'template').value).toBe('default-dvm');
    await f.run(['shutdown', '--wait', 'disp1']);
    await expect.poll(() => f?.daemon.ctx.registry.has('disp1'), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => f?.events.some((e) => e.type === 'qube-removed' && e.qube === 'disp1'), { timeout: 10_000 }).toBe(true);
  });

  it('stopped during autostart, the daemon starts no further qube and its autostart ends', async () => {
    f = await DaemonFixture.start({ autostart: 'under way' });
    await f.daemon.stop();
    await f.daemon.autostarted;
    const atStop = await f.running();
    // Each service qube takes well under this to start on the simulated host: an autostart going on would show.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await f.running()).toEqual(atStop);
    expect(atStop.length).toBeLessThan(3);
  });

  it('adopts running domains after a restart and stops nothing', async () => {
    f = await DaemonFixture.start();
    await f.run(['start', 'work']);
    await f.run(['pause', 'work']);
    const before = (await f.running()).sort();
    await f.restart();
    expect((await f.running()).sort()).toEqual(before);
    const ls = await f.run(['ls', '--format', 'json', 'work']);
    expect((ls.data as { STATE: string }[])[0]?.STATE).toBe('Paused');
    await f.run(['unpause', 'work']);
    await f.run(['kill', 'work']);
    expect(await f.running()).not.toContain('work');
  });

  it('creates, clones and removes qubes with their volumes, refusing a running one', async () => {
    f = await DaemonFixture.start();
    await f.run(['create', 'mail', '--label', 'purple', '--prop', 'memory=600']);
    expect(f.daemon.ctx.registry.getProperty('mail', 'memory')).toEqual({ value: 600, isDefault: false });
    await f.run(['clone', 'mail', 'mail2']);
    expect(f.daemon.ctx.registry.getProperty('mail2', 'label').value).toBe('purple');
    await f.run(['start', 'mail2']);
    expect((await refusal(f.run(['remove', 'mail2']))).message).toContain('mail2 is running');
    await f.run(['remove', '--force', 'mail2', 'mail']);
    expect(f.daemon.ctx.registry.has('mail')).toBe(false);
    expect((await refusal(f.run(['create', 'bad name!', '--label', 'red']))).exitCode).toBe(2);
    expect((await refusal(f.run(['create', 'x', '--label', 'red', '--template', 'work']))).message).toContain('not a TemplateVM');
  });
});
