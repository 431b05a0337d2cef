/**
 * Compiled agents run as real processes on real private buses, for tests:
 * everything started through an AgentProcesses is killed and removed by
 * cleanup() (call it in afterEach).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/build-once.js';
import { startDbusDaemon, type DbusDaemon } from '../../support/dbus-daemon.js';

const READY_WAIT_MS = 10_000;

export interface AgentProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves once the agent printed its ready line; rejects if it exits first. */
  ready: () => Promise<void>;
}

export class AgentProcesses {
  private agents: AgentProcess[] = [];
  private daemons: DbusDaemon[] = [];

  /** `main` is the compiled entry point relative to dist/, e.g. guivm/guivm-agent-main.js. */
  constructor(
    private readonly program: string,
    private readonly main: string,
  ) {}

  async daemon(): Promise<DbusDaemon> {
    const d = await startDbusDaemon();
    this.daemons.push(d);
    return d;
  }

  start(args: readonly string[], env: NodeJS.ProcessEnv): AgentProcess {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', this.main), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const readyLine = `${this.program}: ready\n`;
    const ready = async (): Promise<void> => {
      const deadline = Date.now() + READY_WAIT_MS;
      while (!out.includes(readyLine)) {
        if (child.exitCode !== null) throw new Error(`${this.program} exited ${child.exitCode}: ${err}`);
        if (Date.now() > deadline) throw new Error(`${this.program} not ready: ${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const agent = { child, stdout: () => out, stderr: () => err, exited, ready };
    this.agents.push(agent);
    return agent;
  }

  async cleanup(): Promise<void> {
    for (const a of this.agents) {
      if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGKILL');
      await a.exited;
    }
    for (const d of this.daemons) await d.stop();
    this.agents = [];
    this.daemons = [];
  }
}

export function envWithoutBus(): NodeJS.ProcessEnv {
  const { DBUS_SESSION_BUS_ADDRESS: _, ...env } = process.env;
  return env;
}
