/**
 * ScreenDiffStream.setCursor: the client's real cursor ends every frame where
 * the focused pane's program has it, or hidden; read back from a real
 * terminal emulator fed the bytes the client gets.
 */
import xterm from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import { ScreenDiffStream } from '../../../tui/screen-diff-stream.js';
import { VirtualTtyOutput } from '../../../services/sessions/virtual-tty.js';

const write = (term: xterm.Terminal, data: string) => new Promise<void>((resolve) => term.write(data, resolve));

class Client {
  readonly term = new xterm.Terminal({ cols: 40, rows: 10, allowProposedApi: true });
  readonly out: VirtualTtyOutput;
  readonly stream: ScreenDiffStream;
  raw = '';
  private written: Promise<void> = Promise.resolve();

  constructor() {
    this.out = new VirtualTtyOutput(40, 10, (chunk) => {
      const text = chunk.toString('utf8');
      this.raw += text;
      this.written = this.written.then(() => write(this.term, text));
    });
    this.stream = new ScreenDiffStream(this.out as unknown as NodeJS.WriteStream);
  }

  /** Waits for the next frame to reach the client. */
  async next(action: () => void): Promise<string> {
    const before = this.raw.length;
    const flushed = new Promise((resolve) => this.stream.once('flushed', resolve));
    action();
    await flushed;
    await this.written;
    return this.raw.slice(before);
  }

  cursor(): { x: number; y: number } {
    return { x: this.term.buffer.active.cursorX, y: this.term.buffer.active.cursorY };
  }

  /** Whether the last visibility sequence the client got shows the cursor. */
  visible(): boolean {
    return this.raw.lastIndexOf('\x1b[?25h') > this.raw.lastIndexOf('\x1b[?25l');
  }
}

let c: Client;
afterEach(() => {
  c.stream.close();
  c.term.dispose();
});

describe('ScreenDiffStream cursor', () => {
  it('places the real cursor after the frame, and moves it when only the cursor changed', async () => {
    c = new Client();
    c.stream.setCursor({ x: 7, y: 3 });
    await c.next(() => c.stream.write('hello\nworld'));
    expect(c.term.buffer.active.getLine(1)?.translateToString(true).trimEnd()).toBe('world');
    expect(c.cursor()).toEqual({ x: 7, y: 3 });
    expect(c.visible()).toBe(true);

    const moved = await c.next(() => c.stream.setCursor({ x: 2, y: 5 }));
    expect(c.cursor()).toEqual({ x: 2, y: 5 });
    // Only the cursor: no cell was sent again.
    expect(moved).not.toContain('hello');
  });

  it('puts the cursor back where it belongs after cells elsewhere were drawn', async () => {
    c = new Client();
    c.stream.setCursor({ x: 1, y: 1 });
    await c.next(() => c.stream.write('a'));
    await c.next(() => c.stream.write('\x1b[9;30Hfar away'));
    expect(c.term.buffer.active.getLine(8)?.translateToString(true)).toContain('far away');
    expect(c.cursor()).toEqual({ x: 1, y: 1 });
  });

  it('hides the cursor for null and for a position off the screen, and shows it again', async () => {
    c = new Client();
    c.stream.setCursor({ x: 0, y: 0 });
    await c.next(() => c.stream.write('x'));
    expect(c.visible()).toBe(true);
    await c.next(() => c.stream.setCursor(null));
    expect(c.visible()).toBe(false);
    await c.next(() => c.stream.setCursor({ x: 40, y: 0 }));
    expect(c.visible()).toBe(false);
    await c.next(() => c.stream.setCursor({ x: 3, y: 4 }));
    expect(c.visible()).toBe(true);
    expect(c.cursor()).toEqual({ x: 3, y: 4 });
  });

  it('sends nothing for the cursor when it stays put and the frame ends on it', async () => {
    c = new Client();
    c.stream.setCursor({ x: 1, y: 0 });
    await c.next(() => c.stream.write('a'));
    // Typing at the cursor: drawing leaves it where it belongs, and the frame says no more.
    const frame = await c.next(() => {
      c.stream.write('b');
      c.stream.setCursor({ x: 2, y: 0 });
    });
    expect(frame).not.toContain('?25');
    expect(c.cursor()).toEqual({ x: 2, y: 0 });
  });
});
