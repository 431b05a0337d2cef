import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processAlive } from '../../../xen-bridge/process-group.js';
import { XlRunner } from '../../../xen-bridge/xl-runner.js';
import { fakeTool, fakeXenDir, sample, samplesDir, tempDirs } from './fake-xen.js';
import { rejection } from '../../support/xen-rejection.js';

const temp = tempDirs();
afterEach(() => temp.cleanup());

interface SampleEntry {
  name: string;
  command: string;
  exit_code: number;
}

function sampleEntry(name: string): SampleEntry {
  const index = JSON.parse(readFileSync(join(samplesDir(), 'index.json'), 'utf8')) as SampleEntry[];
  const entry = index.find((e) => e.name === name);
  if (!entry) throw new Error(`no sample ${name} in index.json`);
  return entry;
}

/** A runner whose xl replays a captured run: same arguments, output and exit code. */
function replay(name: string, opts: { maxOutputBytes?: number } = {}): { runner: XlRunner; args: string[] } {
  const entry = sampleEntry(name);
  const runner = new XlRunner({
    xlPath: fakeTool('xl-replay'),
    env: { ...process.env, FAKE_XL_SAMPLE: sample(name), FAKE_XL_EXIT: String(entry.exit_code) },
    ...opts,
  });
  return { runner, args: entry.command.split(' ').slice(1) };
}

describe('XlRunner', () => {
  it('returns stdout and stderr of a successful call', async () => {
    const { runner, args } = replay('xl-create.full');
    const out = await runner.run(args, { mutating: true });
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(readFileSync(sample('xl-create.full.err'), 'utf8'));

    const list = replay('xl-list');
    expect((await list.runner.run(list.args)).stdout).toBe(readFileSync(sample('xl-list.out'), 'utf8'));
  });

  it.each([
    ['err.xl-destroy.nosuchdomain', 'domain-not-found'],
    ['err.xl-unpause.nosuchdomain', 'domain-not-found'],
    ['err.xl-create.name-exists', 'name-in-use'],
    ['err.xl-create.too-much-mem', 'out-of-memory'],
    ['err.xl-list.bad-option', 'invalid-argument'],
  ] as const)('turns the real failure %s into kind %s', async (name, kind) => {
    const { runner, args } = replay(name);
    const error = await rejection(runner.run(args));
    expect(error.kind).toBe(kind);
    expect(error.exitCode).toBe(sampleEntry(name).exit_code);
    expect(error.command).toEqual(['xl', ...args]);
    expect(error.detail).toBe(readFileSync(sample(`${name}.err`), 'utf8').trim());
  });

  it('fails `xl pause 9999`, which prints a libxl error but exits 0', async () => {
    const { runner, args } = replay('err.xl-pause.9999');
    expect(sampleEntry('err.xl-pause.9999').exit_code).toBe(0);
    const error = await rejection(runner.run(args, { mutating: true }));
    expect(error.exitCode).toBe(0);
    expect(error.kind).toBe('domain-not-found');
    expect(error.detail).toContain('libxl_domain_pause: Domain 9999:Pausing domain: No such process');
  });

  it('feeds input to xl', async () => {
    const runner = new XlRunner({ xlPath: '/bin/cat' });
    expect(await runner.run([], { input: 'name = "work"\n' })).toEqual({ stdout: 'name = "work"\n', stderr: '' });
  });

  it('answers once xl exits, even if a helper it left keeps the pipes open', async () => {
    const pidsFile = join(temp.make(), 'pids');
    const runner = new XlRunner({ xlPath: fakeTool('xl-daemonize'), env: { ...process.env, FAKE_XL_PIDS: pidsFile } });
    try {
      expect((await runner.run(['create', '/etc/xen/work.cfg'], { mutating: true, timeoutMs: 20_000 })).stdout).toBe('created\n');
    } finally {
      process.kill(Number(readFileSync(pidsFile, 'utf8')), 'SIGKILL');
    }
  });

  it('refuses an argument Node cannot pass', async () => {
    const runner = new XlRunner({ xlPath: fakeTool('xl-argv') });
    expect((await rejection(runner.run(['pause', 'a\0b']))).kind).toBe('invalid-argument');
  });

  it('reports a missing xl as not-installed', async () => {
    const missing = new XlRunner({ xlPath: join(fakeXenDir, 'no-such-xl') });
    expect((await rejection(missing.run(['list']))).kind).toBe('not-installed');
    const notFound = new XlRunner({ xlPath: null });
    expect((await rejection(notFound.run(['list']))).kind).toBe('not-installed');
    const fromEmptyPath = new XlRunner({ env: { PATH: temp.make() } });
    expect(fromEmptyPath.xlPath).toBeNull();
  });

  it('bounds the output it accepts', async () => {
    const { runner, args } = replay('xl-list-l', { maxOutputBytes: 1000 });
    const error = await rejection(runner.run(args));
    expect(error.kind).toBe('unparseable-output');
  });

  it.each([
    ['SIGTERM', {}],
    ['SIGKILL when SIGTERM is ignored', { FAKE_XL_IGNORE_TERM: '1' }],
  ])('kills a hanging xl and its whole process group with %s', async (_how, extraEnv) => {
    const pidsFile = join(temp.make(), 'pids');
    const runner = new XlRunner({
      xlPath: fakeTool('xl-hang'),
      env: { ...process.env, FAKE_XL_PIDS: pidsFile, ...extraEnv },
      killGraceMs: 200,
    });
    const error = await rejection(runner.run(['list'], { timeoutMs: 500 }));
    expect(error.kind).toBe('timeout');
    expect(error.exitCode).toBeNull();
    const pids = readFileSync(pidsFile, 'utf8').trim().split(' ').map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(processAlive(pid), `pid ${pid}`).toBe(false);
  });

  it('runs mutating calls one at a time, in order, while reads overlap', async () => {
    const dir = temp.make();
    const runner = new XlRunner({
      xlPath: fakeTool('xl-recorder'),
      env: { ...process.env, FAKE_XEN_DIR: dir, FAKE_XL_READERS: '3' },
    });
    const writes = ['pause a', 'unpause a', 'destroy b', 'rename c d'].map((cmd) => runner.run(cmd.split(' '), { mutating: true }));
    // Three reads that each wait until all three are running: they only finish if they overlap.
    const reads = [1, 2, 3].map(() => runner.run(['list']));
    await Promise.all([...writes, ...reads]);
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('pause a\nunpause a\ndestroy b\nrename c d\n');
  });

  it('keeps the queue going after a mutating call fails', async () => {
    const dir = temp.make();
    const runner = new XlRunner({ xlPath: fakeTool('xl-recorder'), env: { ...process.env, FAKE_XEN_DIR: dir }, killGraceMs: 100 });
    const first = runner.run(['destroy', 'x'], { mutating: true, timeoutMs: 50 });
    const second = runner.run(['pause', 'y'], { mutating: true });
    expect((await rejection(first)).kind).toBe('timeout');
    await second;
    expect(readFileSync(join(dir, 'log'), 'utf8')).toContain('pause y\n');
  });
});
