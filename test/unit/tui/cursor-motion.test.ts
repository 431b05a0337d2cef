import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { cursorMotion } from '../../../tui/cursor-motion.js';

const write = (term: xterm.Terminal, data: string) => new Promise<void>((resolve) => term.write(data, resolve));

describe('cursorMotion', () => {
  it('sends nothing when the cursor is already there, and a few bytes for short moves', () => {
    expect(cursorMotion({ x: 5, y: 3 }, { x: 5, y: 3 }, 80)).toBe('');
    expect(cursorMotion({ x: 5, y: 3 }, { x: 6, y: 3 }, 80)).toBe('\x1b[C');
    expect(cursorMotion({ x: 5, y: 3 }, { x: 4, y: 3 }, 80)).toBe('\x1b[D');
    expect(cursorMotion({ x: 5, y: 3 }, { x: 0, y: 3 }, 80)).toBe('\r');
    expect(cursorMotion({ x: 5, y: 3 }, { x: 0, y: 4 }, 80)).toHaveLength(4);
    expect(cursorMotion({ x: 5, y: 3 }, { x: 5, y: 2 }, 80)).toBe('\x1b[A');
    expect(cursorMotion({ x: 5, y: 3 }, { x: 70, y: 20 }, 80)).toBe('\x1b[21;71H');
  });

  it('moves absolutely from an unknown place or from past the last column (a pending wrap)', () => {
    expect(cursorMotion(null, { x: 0, y: 0 }, 80)).toBe('\x1b[H');
    expect(cursorMotion(null, { x: 3, y: 1 }, 80)).toBe('\x1b[2;4H');
    expect(cursorMotion({ x: 80, y: 1 }, { x: 0, y: 2 }, 80)).toBe('\x1b[3H');
  });

  it('lands where asked in a real terminal, from every start to every end of a small screen', async () => {
    const cols = 8;
    const rows = 3;
    const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    try {
      for (let fy = 0; fy < rows; fy++)
        for (let fx = 0; fx <= cols; fx++)
          for (let ty = 0; ty < rows; ty++)
            for (let tx = 0; tx < cols; tx++) {
              // Reaching column `cols` means writing into the last one, as a differ does.
              const start = fx === cols ? `\x1b[${fy + 1};${cols}Hx` : `\x1b[${fy + 1};${fx + 1}H`;
              await write(term, start + cursorMotion({ x: fx, y: fy }, { x: tx, y: ty }, cols));
              const b = term.buffer.active;
              expect([b.cursorX, b.cursorY], `from ${fx},${fy} to ${tx},${ty}`).toEqual([tx, ty]);
            }
    } finally {
      term.dispose();
    }
  });
});
