/**
 * ScreenDiffStream: whatever is written into it, the client's terminal (a real
 * emulator here) ends up showing the same cells, from far fewer bytes.
 */
import xterm from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { ScreenDiffStream } from '../../../tui/screen-diff-stream.js';
import { FakeConsoleApi } from './fake-console-api.js';
import type { MountedConsole } from './tty-harness.js';
import { KEYS, mountConsole } from './tty-harness.js';
import { VirtualTtyOutput } from '../../../services/sessions/virtual-tty.js';

type Term = xterm.Terminal;

function cells(term: Term): string[] {
  const buffer = term.buffer.active;
  const out: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    for (let x = 0; x < term.cols; x++) {
      const c = line?.getCell(x);
      if (!c || c.getWidth() === 0) continue;
      out.push(
        [y, x, c.getChars() || ' ', c.getFgColorMode(), c.getFgColor(), c.getBgColorMode(), c.getBgColor(), c.isBold(), c.isDim(), c.isInverse(), c.isUnderline()].join(','),
      );
    }
  }
  return out;
}

const write = (term: Term, data: string) => new Promise<void>((resolve) => term.write(data, resolve));

class Rig {
  readonly daemonSide: Term;
  readonly client: Term;
  readonly out: VirtualTtyOutput;
  readonly stream: ScreenDiffStream;
  private written: Promise<void> = Promise.resolve();

  constructor(cols: number, rows: number) {
    this.daemonSide = new xterm.Terminal({ cols, rows, allowProposedApi: true, convertEol: true, scrollback: 0 });
    this.client = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    this.out = new VirtualTtyOutput(cols, rows, (chunk) => {
      this.written = this.written.then(() => write(this.client, chunk.toString('utf8')));
    });
    this.stream = new ScreenDiffStream(this.out as unknown as NodeJS.WriteStream);
  }

  /** Writes to both the stream and a reference emulator, then waits for the frame to reach the client. */
  async frame(data: string): Promise<number> {
    const before = this.out.bytes;
    const flushed = new Promise((resolve) => this.stream.once('flushed', resolve));
    this.stream.write(data);
    await write(this.daemonSide, data);
    await flushed;
    await this.written;
    return this.out.bytes - before;
  }

  dispose(): void {
    this.stream.close();
    this.daemonSide.dispose();
    this.client.dispose();
  }
}

let rig: Rig | undefined;
let mounted: MountedConsole | undefined;
afterEach(async () => {
  rig?.dispose();
  rig = undefined;
  await mounted?.dispose();
  mounted = undefined;
});

describe('ScreenDiffStream', () => {
  it('leaves the client showing exactly the cells written: colours, attributes, wide glyphs, clears', async () => {
    rig = new Rig(40, 10);
    await rig.frame('\u001b[2J\u001b[Hplain\n\u001b[1;31mbold red\u001b[0m \u001b[38;5;208morange\u001b[0m \u001b[48;2;1;2;3mrgb bg\u001b[0m\n\u001b[7minverse\u001b[0m 漢字 é\n');
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
    await rig.frame('\u001b[2J\u001b[3J\u001b[H\u001b[2mdim\u001b[0m\n\u001b[4munder\u001b[0m\n' + 'x'.repeat(40) + 'y'.repeat(40));
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
    expect(rig.client.buffer.active.getLine(3)?.translateToString(true)).toBe('y'.repeat(40));
  });

  it('sends only what changed: one character costs a few bytes, an unchanged frame none', async () => {
    rig = new Rig(80, 24);
    const screen = Array.from({ length: 23 }, (_, i) => `line ${i} `.padEnd(79, '.')).join('\n');
    const first = await rig.frame(`\u001b[H${screen}`);
    expect(first).toBeGreaterThan(23 * 79);
    // Ink's way of redrawing: clear everything and write it all again, with one character different.
    const changed = screen.replace('line 12 ', 'line 12!');
    const delta = await rig.frame(`\u001b[2J\u001b[H${changed}`);
    expect(delta).toBeLessThan(30);
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
    expect(await rig.frame(`\u001b[2J\u001b[H${changed}`)).toBe(0);
  });

  it('redraws the whole screen after the client resized, even before anything new is written', async () => {
    rig = new Rig(40, 10);
    await rig.frame('\u001b[Hhello');
    const before = rig.out.bytes;
    const redrawn = new Promise((resolve) => rig?.stream.once('flushed', resolve));
    rig.client.resize(50, 12);
    rig.daemonSide.resize(50, 12);
    rig.out.resize(50, 12);
    expect(rig.stream.columns).toBe(50);
    await redrawn;
    expect(rig.out.bytes - before).toBeGreaterThan(50 * 12);
    await rig.frame('\u001b[5;5Hworld');
    expect(cells(rig.client)).toEqual(cells(rig.daemonSide));
  });
});

describe('the console over ScreenDiffStream', () => {
  it('a key typed in the prompt sends a few dozen bytes, not a screen', async () => {
    const api = new FakeConsoleApi();
    mounted = mountConsole(api, { columns: 100, rows: 30 });
    const c = mounted;
    await c.waitFor('clipboard empty');
    const full = c.handle.stats.bytes;
    await c.type(':');
    await c.waitFor((ls) => ls.some((l) => l.startsWith(':')), 'the prompt');
    const before = c.handle.stats.bytes;
    await c.type('k');
    await c.waitFor((ls) => ls.some((l) => l.startsWith(':k')), ':k');
    const echo = c.handle.stats.bytes - before;
    // Benchmark figure: the echo of one character (the character and the moved cursor block).
    console.log(`first frame ${full} bytes; one-character echo in the prompt ${echo} bytes`);
    expect(echo).toBeLessThan(100);
    await c.type(KEYS.escape);
  });
});
