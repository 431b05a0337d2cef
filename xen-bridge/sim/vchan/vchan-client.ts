/**
 * `vchan-socket-proxy --mode=client DOMID PATH SOCKET|FD|-` in dom0: per
 * local connection (one at a time) it opens the vchan to domain DOMID's
 * server and pumps bytes until either side closes.
 */
import { existsSync, fstatSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { readSimState } from '../sim-state.js';
import { ConnectionQueue } from './connection-queue.js';
import { errnoText } from './errno-text.js';
import { endpointFd } from './vchan-proxy-args.js';
import { fatal, type ProxyContext } from './vchan-proxy-context.js';
import { CLIENT_WRITE_RING, SERVER_WRITE_RING, VchanSession, type LocalEnd } from './vchan-session.js';
import { absoluteXenstorePath, UNIX_PATH_MAX, vchanSocketPath } from './vchan-sim-paths.js';
import { firstFrame } from './vchan-handshake.js';
import { encodeFrame, FrameDecoder, FrameType, type Frame } from './vchan-wire.js';
import { writeXenstoreValue } from './xenstore-data.js';

/** How often a waiting client looks again, where the real one sleeps in a xenstore watch. */
const RETRY_MS = 100;

interface OpenLink {
  link: Socket;
  decoder: FrameDecoder;
  rest: Frame[];
}

/** Like xc_domain_getinfo: gone only when the host says so for sure; dom0 never is. */
function domainGone(simDir: string, domid: number): boolean {
  if (domid === 0) return false;
  try {
    return !readSimState(simDir).domains.some((d) => d.domid === domid);
  } catch {
    return false;
  }
}

function tryConnect(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.off('error', onError);
      resolve(s);
    });
    const onError = (): void => resolve(undefined);
    s.once('error', onError);
  });
}

/** connect_vchan(): waits until the server is there and lets us in, or the domain is gone. */
async function connectVchan(ctx: ProxyContext): Promise<OpenLink | undefined> {
  const { domid, nodePath } = ctx.options;
  const sock = vchanSocketPath(ctx.simDir, domid, absoluteXenstorePath(nodePath, ctx.ownDomid));
  for (;;) {
    const link = await tryConnect(sock);
    if (link) {
      const decoder = new FrameDecoder();
      link.write(encodeFrame(FrameType.Hello, Buffer.from(String(ctx.ownDomid))));
      const got = await firstFrame(link, decoder);
      if (got?.first.type === FrameType.Accept) return { link, decoder, rest: got.rest };
      link.destroy();
    }
    if (domainGone(ctx.simDir, domid)) return undefined;
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}

/** Runs one session; resolves when it is over, exits the process where the real proxy exit(1)s. */
async function runSession(ctx: ProxyContext, local: LocalEnd): Promise<void> {
  const open = await connectVchan(ctx);
  if (!open) fatal('vchan client init: No such process\n');
  const session = new VchanSession(open.link, open.decoder, { writeRing: CLIENT_WRITE_RING, readRing: SERVER_WRITE_RING, log: ctx.log });
  session.attach(local, () => session.close());
  session.handleFrames(open.rest);
  const end = await session.ended;
  if (end.reason === 'local-error') fatal('');
}

function writeStatePath(ctx: ProxyContext): void {
  if (ctx.options.statePath !== undefined) writeXenstoreValue(ctx.simDir, ctx.ownDomid, ctx.options.statePath, 'running');
}

/**
 * Why accept(2) would fail on fd, in perror's words; undefined when it is a
 * socket. (node itself holds fds 3 to ~20, where a C proxy would get EBADF.)
 */
function acceptProblem(fd: number): string | undefined {
  try {
    return fstatSync(fd).isSocket() ? undefined : 'Socket operation on non-socket';
  } catch {
    return 'Bad file descriptor';
  }
}

/** libuv reports a missing folder as EACCES (for Windows' sake); bind(2) says ENOENT. */
function bindErrorText(path: string, e: unknown): string {
  if ((e as NodeJS.ErrnoException).code === 'EACCES' && !existsSync(dirname(path))) return 'No such file or directory';
  return errnoText(e);
}

export async function runClient(ctx: ProxyContext): Promise<void> {
  const { endpoint } = ctx.options;
  if (endpoint === '-') {
    writeStatePath(ctx);
    await runSession(ctx, { input: process.stdin, output: process.stdout });
    process.exit(0);
  }

  const queue = new ConnectionQueue();
  const fd = endpointFd(endpoint);
  if (fd === undefined) {
    const len = Buffer.byteLength(endpoint);
    if (len >= UNIX_PATH_MAX) fatal(`UNIX socket path "${endpoint}" too long (${len} >= ${UNIX_PATH_MAX})\nlisten socket failed\n`);
    await queue.listen({ path: endpoint }).catch((e: unknown) => fatal(`bind: ${bindErrorText(endpoint, e)}\nlisten socket failed\n`));
    writeStatePath(ctx);
  } else {
    writeStatePath(ctx);
    const problem = acceptProblem(fd);
    if (problem) fatal(`accept: ${problem}\n`);
    await queue.listen({ fd }).catch((e: unknown) => fatal(`accept: ${errnoText(e)}\n`));
  }

  for (;;) {
    const conn = await queue.next();
    await runSession(ctx, { input: conn, output: conn });
  }
}
