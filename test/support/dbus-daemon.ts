/**
 * A throwaway private bus for tests: Debian's real `dbus-daemon` with a
 * generated config (a unix:path socket in a temp dir, EXTERNAL auth, an
 * allow-all policy for the user running the tests), so agents and real
 * clients (dbus-next, notify-send, gdbus) talk over a real bus.
 *
 *   const bus = await startDbusDaemon();   // afterAll: await bus.stop()
 *   sessionBus({ busAddress: bus.address })
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface DbusDaemon {
  /** The address dbus-daemon printed, e.g. `unix:path=/tmp/…/bus,guid=…`. */
  readonly address: string;
  readonly socketPath: string;
  readonly pid: number;
  /** Stops the daemon (SIGTERM, then SIGKILL) and removes its temp dir. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function busConfig(socketPath: string, user: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${escapeXml(socketPath)}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="${escapeXml(user)}"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

export function startDbusDaemon(): Promise<DbusDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'qtui-dbus-'));
  const socketPath = join(dir, 'bus');
  const configPath = join(dir, 'bus.conf');
  writeFileSync(configPath, busConfig(socketPath, userInfo().username));
  const child = spawn('dbus-daemon', [`--config-file=${configPath}`, '--print-address', '--nofork'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  return new Promise<DbusDaemon>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`dbus-daemon did not start: ${why}${stderr ? `\n${stderr}` : ''}`)));
    };
    const timer = setTimeout(() => fail('no address printed in time'), START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (e) => fail(e.message));
    const onEarlyExit = (code: number | null, signal: string | null): void => fail(`exited (code ${code}, signal ${signal})`);
    child.once('exit', onEarlyExit);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      const pid = child.pid;
      if (pid === undefined) return fail('no pid');
      resolve({ address: stdout.slice(0, nl).trim(), socketPath, pid, stop });
    });
  });
}
