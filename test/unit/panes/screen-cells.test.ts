import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { ScreenDiffStream } from '../../../tui/screen-diff-stream.js';
import { ATTR, DEFAULT_COLOR, readLine, RGB_FLAG, sgrFor } from '../../../tui/screen-cells.js';

const { Terminal } = xtermHeadless;

async function written(text: string): Promise<InstanceType<typeof Terminal>> {
  const t = new Terminal({ cols: 10, rows: 2, allowProposedApi: true });
  await new Promise<void>((resolve) => t.write(text, resolve));
  return t;
}

describe('screen cells', () => {
  it('reads characters, widths, colours and attributes', async () => {
    const t = await written('\x1b[1;4;93mA\x1b[0;7;38;2;255;0;16;44mB\x1b[0m界');
    const row = readLine(t.buffer.active, 0, 10);
    expect(row[0]).toEqual({ chars: 'A', width: 1, fg: 11, bg: DEFAULT_COLOR, attrs: ATTR.bold | ATTR.underline, sgr: '\x1b[0;1;4;93m' });
    expect(row[1]).toEqual({ chars: 'B', width: 1, fg: RGB_FLAG | 0xff0010, bg: 4, attrs: ATTR.inverse, sgr: '\x1b[0;7;38;2;255;0;16;44m' });
    expect(row.slice(2, 5).map((c) => [c.chars, c.width])).toEqual([
      ['界', 2],
      ['', 0],
      [' ', 1],
    ]);
    expect(readLine(t.buffer.active, 99, 3).map((c) => c.sgr)).toEqual(['\x1b[0m', '\x1b[0m', '\x1b[0m']);
    t.dispose();
  });

  it.each<[number, number, number, string]>([
    [DEFAULT_COLOR, DEFAULT_COLOR, 0, '\x1b[0m'],
    [9, 200, ATTR.dim | ATTR.strikethrough, '\x1b[0;2;9;91;48;5;200m'],
    [RGB_FLAG | 0x010203, 15, ATTR.italic | ATTR.blink | ATTR.invisible, '\x1b[0;3;5;8;38;2;1;2;3;107m'],
  ])('sgrFor(%i, %i, %i) = %j', (fg, bg, attrs, sgr) => {
    expect(sgrFor(fg, bg, attrs)).toBe(sgr);
  });

  it('the screen differ sends only cells, with their SGR, never the sequences written into it', async () => {
    const sent: Buffer[] = [];
    const client = Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          sent.push(Buffer.from(chunk));
          done();
        },
      }),
      { columns: 10, rows: 2 },
    );
    const screen = new ScreenDiffStream(client as unknown as NodeJS.WriteStream);
    screen.write('\x1b]0;TITLE\x07\x1b]52;c;aGk=\x07\x1b[31mhi');
    await new Promise((r) => screen.once('flushed', r));
    const out = Buffer.concat(sent).toString();
    expect(out).toContain('\x1b[0;31mh');
    expect(out).not.toContain('TITLE');
    expect(out).not.toContain(']52');
    screen.close();
  });
});
