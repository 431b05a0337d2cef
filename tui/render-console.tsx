/**
 * Mounts the console for one attached client. The daemon calls this once per
 * client with that client's byte streams (a unix socket or an SSH channel dressed
 * as a TTY), so every client gets its own Ink instance, size and state.
 */
import chalk from 'chalk';
import { render } from 'ink';
import { ConsoleApp } from './console-app.js';
import type { ConsoleApi, RenderOptions } from './console-api.js';
import { ScreenDiffStream } from './screen-diff-stream.js';
import type { ScreenDiffStats } from './screen-diff-stream.js';
import { themeFor } from './theme.js';

export interface ConsoleIo {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

export interface ConsoleHandle {
  /** Restores the client's screen (main screen, cursor shown); call before closing its streams. */
  unmount(): void;
  waitUntilExit(): Promise<void>;
  /** Sends the whole screen again (e.g. after the client's terminal was disturbed). */
  redraw(): void;
  /** Frames and bytes sent to the client so far. */
  readonly stats: ScreenDiffStats;
}

const ENTER_SCREEN = '\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J';
const LEAVE_SCREEN = '\u001b[0m\u001b[?25h\u001b[?1049l';

export const DEFAULT_RENDER_OPTIONS: RenderOptions = { ascii: false, colors: 'ansi256' };

export function renderConsole(api: ConsoleApi, io: ConsoleIo, options: RenderOptions = DEFAULT_RENDER_OPTIONS): ConsoleHandle {
  // chalk decides its colour level once, from the daemon's own stdout, which is no
  // terminal. Each client's depth is chosen instead by the colour specs the theme
  // hands to Ink ('#rrggbb', 'ansi256(n)' or a name), so chalk must emit them all.
  chalk.level = 3;
  io.stdout.write(ENTER_SCREEN);
  const screen = new ScreenDiffStream(io.stdout, { frames: true });
  let left = false;
  const leave = (): void => {
    if (left) return;
    left = true;
    screen.close();
    if (!io.stdout.destroyed && !io.stdout.writableEnded) io.stdout.write(LEAVE_SCREEN);
  };
  const detach = (): void => {
    handle.unmount();
    api.detach();
  };
  const instance = render(<ConsoleApp api={api} theme={themeFor(options)} onDetach={detach} />, {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: io.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    // Each frame written whole and at once (Ink's debug mode): the screen keeps
    // only changed lines, and sends each frame as soon as it is drawn, with no
    // 30 fps throttle between a key and its frame.
    debug: true,
  });
  const exited = instance.waitUntilExit().then(
    () => leave(),
    (err: unknown) => {
      leave();
      throw err;
    },
  );
  const handle: ConsoleHandle = {
    unmount() {
      instance.unmount();
      leave();
    },
    waitUntilExit: () => exited,
    redraw: () => screen.redraw(),
    stats: screen.stats,
  };
  return handle;
}
