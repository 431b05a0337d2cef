/**
 * `vchan-socket-proxy --mode=server PEER PATH SOCKET|FD|-` inside a domain:
 * offers the vchan at PATH to domain PEER only, and for each session
 * connects to the local SOCKET (once per session, and again whenever the
 * service closes while the session is open, as the real one does).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { dirname } from 'node:path';
import { ConnectionQueue } from './connection-queue.js';
import { errnoText } from './errno-text.js';
import { firstFrame } from './vchan-handshake.js';
import { endpointFd } from './vchan-proxy-args.js';
import { fatal, type ProxyContext } from './vchan-proxy-context.js';
import { CLIENT_WRITE_RING, SERVER_WRITE_RING, VchanSession, type LocalEnd } from './vchan-session.js';
import { absoluteXenstorePath, vchanSocketPath } from './vchan-sim-paths.js';
import { encodeFrame, FrameDecoder, FrameType, type Frame } from './vchan-wire.js';
import { writeXenstoreValue } from './xenstore-data.js';

/**
 * libxenvchan does not reset the rings between clients: what the old client
 * left unread is the next one's first bytes. QTUI_SIM_VCHAN_STALE=0 turns
 * that off for debugging; the default keeps it, because the daemon must
 * cope with it on real Xen.
 */
function staleDataEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.QTUI_SIM_VCHAN_STALE !== '0';
}

/** connect_socket(): a failure ends the whole proxy, as in Xen. */
function connectService(path: string): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(path);
    const onError = (e: Error): void => fatal(`connect: ${errnoText(e)}\nconnect_socket failed\n`);
    s.once('error', onError);
    s.once('connect', () => {
      s.off('error', onError);
      resolve(s);
    });
  });
}

async function openLocal(endpoint: string): Promise<LocalEnd> {
  if (endpoint === '-') return { input: process.stdin, output: process.stdout };
  const fd = endpointFd(endpoint);
  if (fd === undefined) {
    const s = await connectService(endpoint);
    return { input: s, output: s };
  }
  try {
    const s = new Socket({ fd, readable: true, writable: true });
    return { input: s, output: s };
  } catch (e) {
    fatal(`select: ${errnoText(e)}\n`);
  }
}

interface Accepted {
  link: Socket;
  decoder: FrameDecoder;
  rest: Frame[];
}

/** Waits for the allowed peer to open the vchan; anyone else cannot map the rings and is dropped. */
async function nextClient(queue: ConnectionQueue, peer: number): Promise<Accepted> {
  for (;;) {
    const link = await queue.next();
    const decoder = new FrameDecoder();
    const got = await firstFrame(link, decoder);
    if (got?.first.type === FrameType.Hello && got.first.payload.toString() === String(peer)) {
      link.write(encodeFrame(FrameType.Accept));
      return { link, decoder, rest: got.rest };
    }
    link.destroy();
  }
}

export async function runServer(ctx: ProxyContext): Promise<void> {
  const { endpoint, domid: peer, nodePath, statePath } = ctx.options;
  const sockPath = vchanSocketPath(ctx.simDir, ctx.ownDomid, absoluteXenstorePath(nodePath, ctx.ownDomid));
  const queue = new ConnectionQueue();
  try {
    mkdirSync(dirname(sockPath), { recursive: true });
    // Left by an earlier server of this vchan: its rings died with it, as its grant pages do in Xen.
    rmSync(sockPath, { force: true });
  } catch (e) {
    fatal(`libxenvchan_server_init: ${errnoText(e)}\n`);
  }
  await queue.listen({ path: sockPath }).catch((e: unknown) => fatal(`libxenvchan_server_init: ${errnoText(e)}\n`));
  if (statePath !== undefined) writeXenstoreValue(ctx.simDir, ctx.ownDomid, statePath, 'running');

  // Only a socket path keeps the proxy serving session after session.
  const keepRunning = endpoint.startsWith('/');
  let stale: Buffer = Buffer.alloc(0);
  for (;;) {
    const { link, decoder, rest } = await nextClient(queue, peer);
    const session = new VchanSession(link, decoder, { writeRing: SERVER_WRITE_RING, readRing: CLIENT_WRITE_RING, stale, log: ctx.log });
    session.handleFrames(rest);
    const attach = async (): Promise<void> => {
      const local = await openLocal(endpoint);
      session.attach(local, () => {
        if (!keepRunning) return session.close();
        // The service hung up but the vchan is still open: the real proxy silently dials it again.
        session.detachLocal();
        void attach();
      });
    };
    await attach();
    const end = await session.ended;
    if (end.reason === 'local-error') fatal('');
    stale = staleDataEnabled(process.env) ? session.staleRing() : Buffer.alloc(0);
    if (!keepRunning) process.exit(0);
  }
}
