/**
 * ScreenDiffStream.setCursor: the client's real cursor ends every frame where
 * the focused pane's program has it, or hidden; read back from a real
 * terminal emulator fed the bytes the client gets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiffStreamClient } from '../../support/diff-stream-client.js';

let c: DiffStreamClient;
afterEach(() => c.dispose());

describe('ScreenDiffStream cursor', () => {
  it('places the real cursor after the frame, and moves it when only the cursor changed', async () => {
    c = new DiffStreamClient(40, 10);
    c.stream.setCursor({ x: 7, y: 3 });
    await c.sent(() => c.stream.write('hello\nworld'));
    expect(c.client.buffer.active.getLine(1)?.translateToString(true).trimEnd()).toBe('world');
    expect(c.cursor()).toEqual({ x: 7, y: 3 });
    expect(c.cursorVisible()).toBe(true);

    const moved = await c.sent(() => c.stream.setCursor({ x: 2, y: 5 }));
    expect(c.cursor()).toEqual({ x: 2, y: 5 });
    // Only the cursor: no cell was sent again.
    expect(moved).not.toContain('hello');
  });

  it('puts the cursor back where it belongs after cells elsewhere were drawn', async () => {
    c = new DiffStreamClient(40, 10);
    c.stream.setCursor({ x: 1, y: 1 });
    await c.sent(() => c.stream.write('a'));
    await c.sent(() => c.stream.write('\x1b[9;30Hfar away'));
    expect(c.client.buffer.active.getLine(8)?.translateToString(true)).toContain('far away');
    expect(c.cursor()).toEqual({ x: 1, y: 1 });
  });

  it('hides the cursor for null and for a position off the screen, and shows it again', async () => {
    c = new DiffStreamClient(40, 10);
    c.stream.setCursor({ x: 0, y: 0 });
    await c.sent(() => c.stream.write('x'));
    expect(c.cursorVisible()).toBe(true);
    await c.sent(() => c.stream.setCursor(null));
    expect(c.cursorVisible()).toBe(false);
    await c.sent(() => c.stream.setCursor({ x: 40, y: 0 }));
    expect(c.cursorVisible()).toBe(false);
    await c.sent(() => c.stream.setCursor({ x: 3, y: 4 }));
    expect(c.cursorVisible()).toBe(true);
    expect(c.cursor()).toEqual({ x: 3, y: 4 });
  });

  it('sends nothing for the cursor when it stays put and the frame ends on it', async () => {
    c = new DiffStreamClient(40, 10);
    c.stream.setCursor({ x: 1, y: 0 });
    await c.sent(() => c.stream.write('a'));
    // Typing at the cursor: drawing leaves it where it belongs, and the frame says no more.
    const frame = await c.sent(() => {
      c.stream.write('b');
      c.stream.setCursor({ x: 2, y: 0 });
    });
    expect(frame).not.toContain('?25');
    expect(c.cursor()).toEqual({ x: 2, y: 0 });
  });
});
