/**
 * What a running simulated domain is: one detached process that holds the
 * guest's process tree and its console pty, answers control requests and
 * console clients on the domain's socket, and takes the domain out of the
 * state when the guest is gone.
 *
 * Lifecycle as in xl: a guest that powers off (its shell exits, or `xl
 * shutdown` made it exit) gets config.on_poweroff (default destroy); `xl
 * reboot` gets config.on_reboot (default restart: the same guest comes back
 * under a new domid). A shutdown the guest ignores is escalated to SIGKILL
 * after a grace period (QTUI_SIM_SHUTDOWN_GRACE_MS, default 10 s); real Xen
 * would wait forever, but a simulated guest that never stops would leak
 * processes on the host.
 */
import { mkdirSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { dirname } from 'node:path';
import type { LifecycleAction } from '../../xl-cfg/xl-config.js';
import { appendXenstoreEvents, domainFolder, supervisorSocket, withSimState } from '../sim-state.js';
import type { SimDomain, SimState } from '../sim-state.js';
import { ConsoleRing } from './console-ring.js';
import { bootGuest } from './guest-boot.js';
import type { BootedGuest } from './guest-boot.js';
import { guestProcesses, signalGuest } from './guest-tree.js';
import type { GuestIdentity } from './guest-tree.js';
import { FirstLineReader, FRAME_DATA, FRAME_RESIZE, FrameDecoder, decodeResize, encodeFrame, parseRequest } from './supervisor-protocol.js';
import type { ControlAction, SupervisorReply } from './supervisor-protocol.js';

const POLL_MS = 50;
const KILL_WAIT_MS = 3000;
/** Above this much unsent console output the guest's pty is paused until the client catches up. */
const CLIENT_BACKLOG_BYTES = 1 << 20;

type Phase = 'running' | 'stopping' | 'gone';

function log(message: string): void {
  console.error(`${new Date().toISOString()} ${message}`);
}

function shutdownGraceMs(): number {
  const v = Number(process.env.QTUI_SIM_SHUTDOWN_GRACE_MS);
  return Number.isFinite(v) && v >= 0 ? v : 10_000;
}

function restarts(action: LifecycleAction): boolean {
  return action === 'restart' || action === 'rename-restart' || action === 'coredump-restart';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class DomainSupervisor {
  private phase: Phase = 'running';
  private guest: BootedGuest | undefined;
  private shellExited = false;
  private server: Server | undefined;
  private consoleClient: Socket | undefined;
  private readonly ring = new ConsoleRing();
  private cols = 80;
  private rows = 25;
  private resolveDone: () => void = () => undefined;
  /** Settles when the domain is gone and the supervisor may exit. */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));

  private constructor(
    private readonly simDir: string,
    private domid: number,
    private readonly domain: Pick<SimDomain, 'name' | 'config'>,
  ) {}

  /** Claims the domain in the state, boots its guest and listens; the domain must already be in the state. */
  static async start(simDir: string, domid: number): Promise<DomainSupervisor> {
    let supervisor: DomainSupervisor | undefined;
    await withSimState(simDir, async (state) => {
      const d = state.domains.find((x) => x.domid === domid);
      if (!d) throw new Error(`domain ${domid} is not in the simulated host's state`);
      if (d.supervisorPid !== 0 && d.supervisorPid !== process.pid) throw new Error(`domain ${domid} already has supervisor ${d.supervisorPid}`);
      d.supervisorPid = process.pid;
      supervisor = new DomainSupervisor(simDir, domid, { name: d.name, config: d.config });
      try {
        await supervisor.boot(d);
      } catch (e) {
        // The state is not written when this callback throws: the guest must not outlive it.
        supervisor.killGuestNow();
        throw e;
      }
    });
    if (!supervisor) throw new Error('unreachable: the state callback always sets the supervisor');
    log(`domain ${domid} (${supervisor.domain.name}) up, guest sessions ${JSON.stringify(supervisor.guest?.sessions)}`);
    return supervisor;
  }

  private identity(): GuestIdentity {
    return { sessions: this.guest?.sessions ?? [], simDir: this.simDir, domid: this.domid, supervisorPid: process.pid };
  }

  /** Boots the guest for d (called under the state lock, d being the live state entry) and listens on its socket. */
  private async boot(d: SimDomain): Promise<void> {
    this.ring.clear();
    this.shellExited = false;
    const guest = bootGuest({ simDir: this.simDir, domid: this.domid, name: this.domain.name, folder: domainFolder(this.simDir, this.domain.name), cols: this.cols, rows: this.rows });
    this.guest = guest;
    if (d.paused) {
      // The pty's child may not have reached setsid yet, so its session cannot be scanned for: stop the leaders by pid.
      for (const { sid } of guest.sessions) {
        try {
          process.kill(sid, 'SIGSTOP');
        } catch {
          // rc.local already finished.
        }
      }
      signalGuest(this.identity(), 'SIGSTOP');
    }
    guest.console.onData((text) => this.onOutput(Buffer.from(text, 'utf8')));
    guest.console.onExit(({ exitCode, signal }) => {
      if (this.guest !== guest) return;
      log(`console shell exited (code ${exitCode}, signal ${signal ?? 0})`);
      this.shellExited = true;
      if (this.phase === 'running') void this.stop('poweroff', 'guest powered off');
    });
    d.guestSessions = guest.sessions;
    await this.listen();
  }

  private async listen(): Promise<void> {
    const path = supervisorSocket(this.simDir, this.domid);
    mkdirSync(dirname(path), { recursive: true });
    try {
      unlinkSync(path);
    } catch {
      // No stale socket from an earlier domain with this id.
    }
    const server = createServer((sock) => this.onConnection(sock));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops listening and hangs up on the console client, which sees EOF (the domain went away). */
  private closeSocket(): void {
    this.consoleClient?.end();
    this.consoleClient = undefined;
    this.server?.close();
    this.server = undefined;
    try {
      unlinkSync(supervisorSocket(this.simDir, this.domid));
    } catch {
      // Already removed.
    }
  }

  private onOutput(data: Buffer): void {
    this.ring.append(data);
    const client = this.consoleClient;
    if (!client) return;
    client.write(encodeFrame(FRAME_DATA, data));
    const guest = this.guest;
    if (client.writableLength > CLIENT_BACKLOG_BYTES && guest) {
      guest.console.pause();
      const resume = (): void => {
        client.off('drain', resume);
        client.off('close', resume);
        guest.console.resume();
      };
      client.on('drain', resume);
      client.on('close', resume);
    }
  }

  private onConnection(sock: Socket): void {
    const reader = new FirstLineReader();
    const onData = (chunk: Buffer): void => {
      let first;
      try {
        first = reader.push(chunk);
      } catch (e) {
        sock.destroy();
        log(`bad request: ${(e as Error).message}`);
        return;
      }
      if (!first) return;
      sock.off('data', onData);
      const request = parseRequest(first.line);
      if (!request) {
        this.reply(sock, { ok: false, error: 'malformed request' }, true);
      } else if (request.op === 'console') {
        this.attachConsole(sock, first.rest, request.cols, request.rows);
      } else {
        this.control(request.action).then(
          (r) => this.reply(sock, r, true),
          (e: unknown) => this.reply(sock, { ok: false, error: (e as Error).message }, true),
        );
      }
    };
    sock.on('data', onData);
    sock.on('error', (e) => log(`client socket: ${e.message}`));
  }

  private reply(sock: Socket, reply: SupervisorReply, end: boolean): void {
    const line = `${JSON.stringify(reply)}\n`;
    if (end) sock.end(line);
    else sock.write(line);
  }

  private attachConsole(sock: Socket, rest: Buffer, cols: number | undefined, rows: number | undefined): void {
    const guest = this.guest;
    if (this.consoleClient) {
      this.reply(sock, { ok: false, error: `the console of domain ${this.domid} is already attached to another client` }, true);
      return;
    }
    if (!guest || this.phase === 'gone') {
      this.reply(sock, { ok: false, error: `domain ${this.domid} is going away` }, true);
      return;
    }
    this.consoleClient = sock;
    this.reply(sock, { ok: true }, false);
    if (cols !== undefined && rows !== undefined) this.resize(guest, cols, rows);
    const replay = this.ring.contents();
    if (replay.length > 0) sock.write(encodeFrame(FRAME_DATA, replay));
    const decoder = new FrameDecoder();
    const onData = (chunk: Buffer): void => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        log(`console client: ${(e as Error).message}`);
        sock.destroy();
        return;
      }
      for (const f of frames) {
        if (f.type === FRAME_DATA && !this.shellExited) guest.console.write(f.payload);
        else if (f.type === FRAME_RESIZE) {
          const size = decodeResize(f.payload);
          if (size) this.resize(guest, size.cols, size.rows);
        }
      }
    };
    sock.on('data', onData);
    sock.on('close', () => {
      if (this.consoleClient === sock) this.consoleClient = undefined;
    });
    if (rest.length > 0) onData(rest);
  }

  private resize(guest: BootedGuest, cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    if (!this.shellExited) guest.console.resize(cols, rows);
  }

  private async control(action: ControlAction): Promise<SupervisorReply> {
    log(`request: ${action}`);
    if (this.phase === 'gone') return { ok: false, error: `domain ${this.domid} is going away` };
    switch (action) {
      case 'destroy':
        await this.destroy();
        return { ok: true };
      case 'pause':
      case 'unpause': {
        const paused = action === 'pause';
        // The shell stops first and continues last, so it never sees its foreground job stop and take the terminal back.
        signalGuest(this.identity(), paused ? 'SIGSTOP' : 'SIGCONT', paused ? 'leaders-first' : 'leaders-last');
        await this.updateDomain((d) => (d.paused = paused));
        return { ok: true };
      }
      case 'shutdown':
      case 'reboot':
        if (this.phase === 'running') {
          await this.updateDomain((d) => {
            d.shuttingDown = true;
            // Where real xl asks a PV guest to stop, so watchers of /local/domain see the request too.
            appendXenstoreEvents(this.simDir, [`/local/domain/${d.domid}/control/shutdown`]);
          });
          void this.stop(action === 'reboot' ? 'reboot' : 'poweroff', `${action} requested`);
        }
        return { ok: true };
    }
  }

  private async updateDomain(fn: (d: SimDomain, state: SimState) => void): Promise<void> {
    await withSimState(this.simDir, (state) => {
      const d = state.domains.find((x) => x.domid === this.domid && x.supervisorPid === process.pid);
      if (d) fn(d, state);
    });
  }

  /** Asks the guest to stop, waits (escalating after the grace period) and then applies the lifecycle action. */
  private async stop(reason: 'poweroff' | 'reboot', why: string): Promise<void> {
    this.phase = 'stopping';
    log(`stopping the guest: ${why}`);
    try {
      signalGuest(this.identity(), 'SIGHUP');
      signalGuest(this.identity(), 'SIGTERM');
      const deadline = Date.now() + shutdownGraceMs();
      let escalated = false;
      while (!(this.shellExited && guestProcesses(this.identity()).length === 0)) {
        if (this.phase !== 'stopping') return;
        if (Date.now() >= deadline) {
          if (!escalated) log('the guest ignored the request: killing it');
          escalated = true;
          signalGuest(this.identity(), 'SIGKILL');
        }
        await sleep(POLL_MS);
      }
      if (this.phase !== 'stopping') return;
      const action = reason === 'reboot' ? (this.domain.config.on_reboot ?? 'restart') : (this.domain.config.on_poweroff ?? 'destroy');
      if (restarts(action)) await this.restart();
      else await this.remove();
    } catch (e) {
      // A domain that cannot come back (or cannot be stopped cleanly) is destroyed rather than left half-alive.
      log(`${reason} failed, destroying the domain: ${(e as Error).stack ?? String(e)}`);
      this.phase = 'stopping';
      await this.remove();
    }
  }

  /** The same guest comes back under a new domid, as xl's reboot does. */
  private async restart(): Promise<void> {
    this.closeSocket();
    const oldDomid = this.domid;
    const alive = await withSimState(this.simDir, async (state) => {
      const d = state.domains.find((x) => x.domid === oldDomid && x.supervisorPid === process.pid);
      if (!d) return false;
      this.domid = state.nextDomid++;
      d.domid = this.domid;
      d.createdAtMs = Date.now();
      d.paused = false;
      d.shuttingDown = false;
      this.phase = 'running';
      try {
        await this.boot(d);
      } catch (e) {
        // The state keeps the old domid when this callback throws; so must we, to remove the right entry.
        this.domid = oldDomid;
        throw e;
      }
      appendXenstoreEvents(this.simDir, ['@releaseDomain', '@introduceDomain', `/local/domain/${this.domid}`]);
      return true;
    });
    if (!alive) {
      log(`domain ${oldDomid} vanished from the state during its reboot`);
      this.finish();
      return;
    }
    log(`rebooted: domain ${oldDomid} is now domain ${this.domid}`);
  }

  /** Kills the whole guest at once (xl destroy). */
  async destroy(): Promise<void> {
    if (this.phase === 'gone') return;
    await this.remove();
  }

  /** Last resort when the supervisor itself fails: nothing of the guest may outlive it. */
  killGuestNow(): void {
    signalGuest(this.identity(), 'SIGKILL');
  }

  private async killGuest(): Promise<void> {
    const deadline = Date.now() + KILL_WAIT_MS;
    while (signalGuest(this.identity(), 'SIGKILL') > 0 && Date.now() < deadline) await sleep(POLL_MS);
  }

  /** Takes the domain out of the state and announces it; then the supervisor is done. */
  private async remove(): Promise<void> {
    this.phase = 'gone';
    await this.killGuest();
    await withSimState(this.simDir, (state) => {
      const i = state.domains.findIndex((x) => x.domid === this.domid && x.supervisorPid === process.pid);
      if (i < 0) return;
      state.domains.splice(i, 1);
      appendXenstoreEvents(this.simDir, ['@releaseDomain']);
    });
    log(`domain ${this.domid} removed`);
    this.finish();
  }

  private finish(): void {
    this.phase = 'gone';
    this.closeSocket();
    this.resolveDone();
  }
}
