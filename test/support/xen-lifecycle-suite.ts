/**
 * One lifecycle suite for xen-bridge, run against the simulated host (in the
 * normal vitest run) and against the real Xen 4.17 of the lab (test:xen,
 * under node's own test runner, because vitest's workers do not start within
 * their fixed timeout under the lab's software emulation). What the real Xen
 * does differently belongs in the simulated host, not in here. The suite is
 * a list of steps with node:assert, so either runner can register it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { ConsoleTerminal } from '../../xen-bridge/console-terminal.js';
import { DomainEvents, type DomainsChange } from '../../xen-bridge/domain-events.js';
import { XentopStream } from '../../xen-bridge/xentop-stream.js';
import { XlClient } from '../../xen-bridge/xl-client.js';
import { XlRunner } from '../../xen-bridge/xl-runner.js';
import { writeXlCfg } from '../../xen-bridge/xl-cfg/xl-cfg-writer.js';
import type { XlConfig } from '../../xen-bridge/xl-cfg/xl-config.js';
import { parseLive } from './live-output-parsers.js';

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

export interface SuiteStep {
  name: string;
  run: () => Promise<void>;
}

export interface Suite {
  title: string;
  setup: () => Promise<void>;
  teardown: () => Promise<void>;
  /** In order: each step builds on the state the previous ones left. */
  steps: SuiteStep[];
}

/** Outputs that every parser must read when they come from a live host with a running guest. */
const LIVE_READS: [string, string[]][] = [
  ['xl list -v', ['list', '-v']],
  ['xl list -n', ['list', '-n']],
  ['xl list -Z', ['list', '-Z']],
  ['xl info -n', ['info', '-n']],
  ['xl vcpu-list', ['vcpu-list']],
  ['xl uptime -s', ['uptime', '-s']],
];

export function lifecycleSuite(title: string, target: LifecycleTarget): Suite {
  const name = `qtui-lc${process.pid % 10000}`;
  let dir = '';
  let client: XlClient;
  let runner: XlRunner;
  let events: DomainEvents | undefined;
  const changes: DomainsChange[] = [];
  /** The domain the create step made; its removal is awaited by domid, since a dying domain may lose its name first. */
  let createdDomid: number | undefined;

  const cfgFile = (over: Partial<XlConfig> = {}): string => {
    const cfg: XlConfig = {
      name, type: 'pv', kernel: target.guest.kernel, memory: 128, vcpus: 1, disks: [], vifs: [], usbctrls: [],
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
  const rejects = async (p: Promise<unknown>, kind: string): Promise<void> => {
    await assert.rejects(p, (e: unknown) => (e as { kind?: string }).kind === kind);
  };

  return {
    title,
    setup: async () => {
      await target.setup?.();
      dir = mkdtempSync(join(tmpdir(), 'qtui-lc-'));
      const env = target.env();
      runner = new XlRunner({ env });
      client = new XlClient(runner);
      events = new DomainEvents({ client, env, pollIntervalMs: 500 });
      events.onDomains((c) => changes.push(c));
      events.start();
      await until('the first domain list', 30_000, () => (changes.length > 0 ? true : undefined));
    },
    teardown: async () => {
      await events?.stop();
      if (dir !== '' && (await listed()).includes(name)) await client.destroy(name);
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
      await target.teardown?.();
    },
    steps: [
      {
        name: 'reads the host',
        run: async () => {
          const info = await client.info();
          assert.ok(info.totalMemoryMiB > info.freeMemoryMiB);
          assert.match(info.xenVersion, /^4\.\d+/);
          const doms = await client.list();
          assert.equal(doms[0]?.name, 'Domain-0');
          assert.equal(doms[0]?.domid, 0);
          const long = await client.listLong();
          assert.equal(long[0]?.name, 'Domain-0');
        },
      },
      {
        name: 'creates a domain, sees the event, and reads it back',
        run: async () => {
          await client.create(cfgFile());
          const d = (await client.list()).find((x) => x.name === name);
          createdDomid = d?.domid;
          assert.equal(d?.memoryMiB, 128);
          assert.equal(d?.vcpus, 1);
          await until('the added event', 30_000, () => (changes.some((c) => c.added.some((a) => a.name === name)) ? true : undefined));
          const [detail] = await client.listLong(name);
          assert.equal(detail?.name, name);
          assert.equal(detail?.type, 'pv');
          assert.equal(detail?.kernel, target.guest.kernel);
          assert.equal(detail?.memoryMiB, 128);
          assert.deepEqual((await client.vcpuList(name)).map((v) => v.vcpu), [0]);
          assert.ok((await client.uptime()).some((u) => u.name === name));
        },
      },
      {
        name: 'every parser reads the live output',
        run: async () => {
          for (const [what, args] of LIVE_READS) {
            const out = await runner.run(args);
            const parsed = parseLive(what, out.stdout);
            assert.ok(parsed.ok, `${what}: ${JSON.stringify(parsed)}`);
            assert.ok(JSON.stringify(parsed.value).includes(name) || what.startsWith('xl info'), `${what} does not show ${name}`);
          }
        },
      },
      {
        name: 'answers on its console, and the console leaves nothing behind',
        run: async () => {
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
        },
      },
      {
        name: 'streams xentop samples that include it',
        run: async () => {
          const stream = new XentopStream({ intervalSec: 1, env: target.env() });
          let seen = false;
          stream.onSample((s) => (seen ||= s.domains.some((d) => d.name === name)));
          stream.start();
          try {
            await until('a xentop sample that includes the domain', 60_000, () => (seen ? true : undefined));
          } finally {
            await stream.stop();
          }
        },
      },
      {
        name: 'pauses and unpauses',
        run: async () => {
          await client.pause(name);
          assert.equal((await client.list()).find((d) => d.name === name)?.state.paused, true);
          await client.unpause(name);
          assert.equal((await client.list()).find((d) => d.name === name)?.state.paused, false);
        },
      },
      {
        name: 'shuts down and waits, and the removal is an event',
        run: async () => {
          await client.shutdown(name, { wait: true });
          assert.ok(!(await listed()).includes(name));
          // Generous: a list read that real xl never answers is only given up at the runner's 30 s timeout.
          await until('the removed event', 90_000, () => (changes.some((c) => c.removed.some((a) => a.domid === createdDomid)) ? true : undefined));
        },
      },
      {
        name: 'destroys, and a destroyed domain is gone with all its processes',
        run: async () => {
          await client.create(cfgFile());
          assert.ok((await listed()).includes(name));
          await client.destroy(name);
          assert.ok(!(await listed()).includes(name));
          await until('no process naming the domain', 10_000, () => (processesNaming(name).length === 0 ? true : undefined));
        },
      },
      {
        name: 'gives structured errors for a missing domain and a duplicate name',
        run: async () => {
          await rejects(client.pause('qtui-no-such-domain'), 'domain-not-found');
          await client.create(cfgFile());
          await rejects(client.create(cfgFile()), 'name-in-use');
          await client.destroy(name);
        },
      },
    ],
  };
}
