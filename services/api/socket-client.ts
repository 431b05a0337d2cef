/** The client side of the daemon's socket: used by the CLI and by tests. */
import { connect, type Socket } from 'node:net';
import { LineSplitter, type ApiResponse } from './socket-protocol.js';

export interface RunReply {
  ok: boolean;
  data?: unknown;
  text?: string;
  error?: { code: string; message: string; exitCode: number };
}

export class DaemonClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: RunReply) => void>();
  private readonly eventListeners = new Set<(e: unknown) => void>();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    const splitter = new LineSplitter((line) => {
      const msg = JSON.parse(line) as ApiResponse;
      if ('event' in msg) {
        for (const l of this.eventListeners) l(msg.event);
        return undefined;
      }
      const resolve = this.pending.get(msg.id);
      if (!resolve) return undefined;
      this.pending.delete(msg.id);
      resolve(msg.ok ? { ok: true, data: msg.data, ...(msg.text === undefined ? {} : { text: msg.text }) } : { ok: false, error: msg.error });
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const resolve of this.pending.values()) {
        resolve({ ok: false, error: { code: 'failed', message: 'the daemon closed the connection', exitCode: 1 } });
      }
      this.pending.clear();
    });
    socket.on('error', () => socket.destroy());
  }

  static connect(path: string): Promise<DaemonClient> {
    return new Promise((resolve, reject) => {
      const s = connect(path);
      s.once('connect', () => {
        s.removeListener('error', reject);
        resolve(new DaemonClient(s));
      });
      s.once('error', reject);
    });
  }

  private request(body: Record<string, unknown>): Promise<RunReply> {
    if (this.closed) return Promise.resolve({ ok: false, error: { code: 'failed', message: 'not connected to the daemon', exitCode: 1 } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  run(argv: readonly string[]): Promise<RunReply> {
    return this.request({ op: 'run', argv });
  }

  ping(): Promise<RunReply> {
    return this.request({ op: 'ping' });
  }

  async subscribe(listener: (event: unknown) => void): Promise<void> {
    this.eventListeners.add(listener);
    await this.request({ op: 'subscribe' });
  }

  onClose(listener: () => void): void {
    this.socket.on('close', listener);
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }
}
