/**
 * Reads the first frame of a fresh vchan link (HELLO on the server, ACCEPT
 * on the client) and whatever frames arrived right behind it.
 */
import type { Socket } from 'node:net';
import type { Frame, FrameDecoder } from './vchan-wire.js';

export interface FirstFrame {
  first: Frame;
  rest: Frame[];
}

/** undefined when the link closes (or speaks garbage) before a whole frame arrived. */
export function firstFrame(link: Socket, decoder: FrameDecoder): Promise<FirstFrame | undefined> {
  return new Promise((resolve) => {
    const done = (result: FirstFrame | undefined): void => {
      link.off('data', onData);
      link.off('close', onGone);
      link.off('error', onGone);
      link.pause();
      if (!result) link.destroy();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch {
        return done(undefined);
      }
      const [first, ...rest] = frames;
      if (first) done({ first, rest });
    };
    const onGone = (): void => done(undefined);
    link.on('data', onData);
    link.on('close', onGone);
    link.on('error', onGone);
    link.resume();
  });
}
