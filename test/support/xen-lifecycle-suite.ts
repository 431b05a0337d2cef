/**
 * One lifecycle suite for xen-bridge, run against the simulated host (in the
 * normal test run) and against the real Xen 4.17 of the lab (test:xen): what
 * the real Xen does differently belongs in the simulated host, not in here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleTerminal } from '../../xen-bridge/console-terminal.js';
import { DomainEvents, type DomainsChange } from '../../xen-bridge/domain-events.js';
import { XentopStream } from '../../xen-bridge/xentop-stream.js';
import { XlClient } from '../../xen-bridge/xl-client.js';
import { XlRunner } from '../../xen-bridge/xl-runner.js';
import { writeXlCfg } from '../../xen-bridge/xl-cfg/xl-cfg-writer.js';
import type { XlConfig } from '../../xen-bridge/xl-cfg/xl-config.js';

export interface LifecycleTarget {
  /** Environment in which `xl` and friends are Xen's (or the simulated host's). */
  env: () => NodeJS.ProcessEnv;
  /** A bootable PV kernel, ramdisk and command line for a small guest with a shell on its console. */
  guest: { kernel: string; ramdisk?: string; extra?: string };
  /** How long a guest may take from create to answering on its console. */
  bootTimeoutMs: number;
  setup?: () => Promise<void>;
  teardown?: () => Promise<void>;
}

/** Processes whose command line names the domain (an `xl console` left behind, a guest's tree). */
export function processesNaming(word: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.split(' ').includes(word)) found.push(`${entry}: ${cmd}`);
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function defineXenLifecycleSuite(title: string, target: LifecycleTarget): void {
  describe(title, () => {
    const name = `qtui-lc${process.pid % 10000}`;
    let dir: string;
    let client: XlClient;
    let events: DomainEvents;
    const changes: DomainsChange[] = [];

    const cfgFile = (over: Partial<XlConfig> = {}): string => {
      const cfg: XlConfig = {
        name, type: 'pv', kernel: target.guest.kernel, memory: 64, vcpus: 1, disks: [], vifs: [], usbctrls: [],
        on_poweroff: 'destroy', on_reboot: 'restart', on_crash: 'destroy',
        ...(target.guest.ramdisk ? { ramdisk: target.guest.ramdisk } : {}),
        ...(target.guest.extra ? { extra: target.guest.extra } : {}),
        ...over,
      };
      const text = writeXlCfg(cfg);
      if (!text.ok) throw new Error(`the writer refused the test config: ${JSON.stringify(text.error)}`);
      const path = join(dir, `${cfg.name}.cfg`);
      writeFileSync(path, text.value);
      return path;
    };
    const listed = async (): Promise<string[]> => (await client.list()).map((d) => d.name);

    beforeAll(async () => {
      await target.setup?.();
      dir = mkdtempSync(join(tmpdir(), 'qtui-lc-'));
      const env = target.env();
      client = new XlClient(new XlRunner({ env }));
      events = new DomainEvents({ client, env, pollIntervalMs: 500 });
      events.onDomains((c) => changes.push(c));
      events.start();
      await until('the first domain list', 30_000, () => (changes.length > 0 ? true : undefined));
    });

    afterAll(async () => {
      await events?.stop();
      if (client && (await listed()).includes(name)) await client.destroy(name);
      rmSync(dir, { recursive: true, force: true });
      await target.teardown?.();
    });

    it('reads the host', async () => {
      const info = await client.info();
      expect(info.totalMemoryMiB).toBeGreaterThan(info.freeMemoryMiB);
      expect(info.xenVersion).toMatch(/^4\.\d+/);
      const doms = await client.list();
      expect(doms[0]).toMatchObject({ name: 'Domain-0', domid: 0 });
      expect((await client.listLong())[0]).toMatchObject({ domid: 0, name: 'Domain-0' });
    });

    it('creates a domain, sees the event, and reads it back', async () => {
      await client.create(cfgFile());
      const d = (await client.list()).find((x) => x.name === name);
      expect(d).toMatchObject({ name, memoryMiB: 64, vcpus: 1 });
      await until('the added event', 30_000, () => (changes.some((c) => c.added.some((a) => a.name === name)) ? true : undefined));
      const [detail] = await client.listLong(name);
      expect(detail).toMatchObject({ name, type: 'pv', kernel: target.guest.kernel, memoryMiB: 64 });
      expect((await client.vcpuList(name)).map((v) => v.vcpu)).toEqual([0]);
      expect((await client.uptime()).some((u) => u.name === name)).toBe(true);
    });

    it('answers on its console, and the console leaves nothing behind', async () => {
      const term = new ConsoleTerminal({ domain: name, cols: 100, rows: 30, env: target.env() });
      let out = '';
      term.onData((d) => (out += d));
      await until('the guest to answer on its console', target.bootTimeoutMs, async () => {
        term.write('echo hello-$((6*7))\r');
        await new Promise((r) => setTimeout(r, 1500));
        return out.includes('hello-42') ? true : undefined;
      });
      await term.close();
      await until('xl console to be gone', 10_000, () => (processesNaming('console').filter((p) => p.includes(name)).length === 0 ? true : undefined));
    });

    it('streams xentop samples that include it', async () => {
      const stream = new XentopStream({ intervalSec: 1, env: target.env() });
      const sample = new Promise<boolean>((resolve) => stream.onSample((s) => s.domains.some((d) => d.name === name) && resolve(true)));
      stream.start();
      try {
        expect(await sample).toBe(true);
      } finally {
        await stream.stop();
      }
    });

    it('pauses and unpauses', async () => {
      await client.pause(name);
      expect((await client.list()).find((d) => d.name === name)?.state.paused).toBe(true);
      await client.unpause(name);
      expect((await client.list()).find((d) => d.name === name)?.state.paused).toBe(false);
    });

    it('shuts down and waits, and the removal is an event', async () => {
      await client.shutdown(name, { wait: true });
      expect(await listed()).not.toContain(name);
      await until('the removed event', 30_000, () => (changes.some((c) => c.removed.some((a) => a.name === name)) ? true : undefined));
    });

    it('destroys, and a destroyed domain is gone with all its processes', async () => {
      await client.create(cfgFile());
      expect(await listed()).toContain(name);
      await client.destroy(name);
      expect(await listed()).not.toContain(name);
      await until('no process naming the domain', 10_000, () => (processesNaming(name).length === 0 ? true : undefined));
    });

    it('gives structured errors for a missing domain and a duplicate name', async () => {
      await expect(client.pause('qtui-no-such-domain')).rejects.toMatchObject({ kind: 'domain-not-found' });
      await client.create(cfgFile());
      await expect(client.create(cfgFile())).rejects.toMatchObject({ kind: 'name-in-use' });
      await client.destroy(name);
    });
  });
}
