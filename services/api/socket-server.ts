/**
 * The daemon's unix socket. Only the owner can reach it (folder 0700, socket
 * 0600), so a local client is the host's administrator and gets the admin
 * role; remote clients come through the SSH server with their key's role.
 */
import { chmodSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { CommandError, type Caller, type CommandResult } from '../commands/command-spec.js';
import type { EventBus } from '../daemon/event-bus.js';
import { LineSplitter, parseRequest, type ApiResponse } from './socket-protocol.js';

export type RunCommand = (argv: readonly string[], caller: Caller) => Promise<CommandResult>;

/** Hands an attached client's socket, now carrying frames, to whoever hosts consoles. */
export type AttachHandler = (socket: Socket, request: { cols: number; rows: number; term: string }, caller: Caller, rest: Buffer) => void;

export function errorResponse(id: number, e: unknown): ApiResponse {
  if (e instanceof CommandError) return { id, ok: false, error: { code: e.code, message: e.message, exitCode: e.exitCode } };
  const message = e instanceof Error ? e.message : String(e);
  return { id, ok: false, error: { code: 'failed', message, exitCode: 1 } };
}

export class SocketServer {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly path: string,
    private readonly runCommand: RunCommand,
    private readonly events: EventBus,
    private readonly attach?: AttachHandler,
  ) {}

  async listen(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    try {
      unlinkSync(this.path);
    } catch {
      // No stale socket to remove.
    }
    const server = createServer((s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    chmodSync(this.path, 0o600);
    this.server = server;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const caller: Caller = { role: 'admin', identity: `local uid ${process.getuid?.() ?? '?'}`, origin: 'unix socket' };
    let unsubscribe: (() => void) | null = null;
    let attachTo: { cols: number; rows: number; term: string } | null = null;
    const send = (r: ApiResponse): void => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(r)}\n`);
    };
    const splitter = new LineSplitter((line) => {
      let req;
      try {
        req = parseRequest(line);
      } catch (e) {
        send(errorResponse(0, e));
        return;
      }
      if (req.op === 'ping') send({ id: req.id, ok: true, data: 'pong' });
      else if (req.op === 'attach') {
        if (!this.attach) {
          send(errorResponse(req.id, new Error('this daemon has no console to attach to')));
          return;
        }
        send({ id: req.id, ok: true, data: 'attached' });
        attachTo = req;
        return false;
      } else if (req.op === 'subscribe') {
        unsubscribe ??= this.events.subscribe((event) => send({ event }));
        send({ id: req.id, ok: true, data: 'subscribed' });
      } else {
        const id = req.id;
        this.runCommand(req.argv, caller).then(
          (result) => send({ id, ok: true, data: result.data, ...(result.text === undefined ? {} : { text: result.text }) }),
          (e: unknown) => send(errorResponse(id, e)),
        );
      }
    });
    const onData = (chunk: Buffer): void => {
      try {
        splitter.push(chunk);
      } catch (e) {
        send(errorResponse(0, e));
        socket.destroy();
        return;
      }
      if (attachTo && this.attach) {
        socket.removeListener('data', onData);
        unsubscribe?.();
        this.attach(socket, attachTo, caller, splitter.rest());
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      unsubscribe?.();
      this.sockets.delete(socket);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone.
    }
  }
}
