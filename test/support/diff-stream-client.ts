/**
 * A ScreenDiffStream with a real terminal emulator as its client: what the
 * stream sends is kept (`raw`) and fed to the emulator, so a test reads back
 * the cells, the cursor and the bytes a real client would get.
 */
import xterm from '@xterm/headless';
import { VirtualTtyOutput } from '../../services/sessions/virtual-tty.js';
import { ScreenDiffStream, type ScreenDiffOptions } from '../../tui/screen-diff-stream.js';

export const writeTerm = (term: xterm.Terminal, data: string): Promise<void> => new Promise<void>((resolve) => term.write(data, resolve));

export class DiffStreamClient {
  readonly client: xterm.Terminal;
  readonly out: VirtualTtyOutput;
  readonly stream: ScreenDiffStream;
  /** Everything the client was sent. */
  raw = '';
  private written: Promise<void> = Promise.resolve();

  constructor(cols: number, rows: number, options: ScreenDiffOptions = {}) {
    this.client = new xterm.Terminal({ cols, rows, allowProposedApi: true });
    this.out = new VirtualTtyOutput(cols, rows, (chunk) => {
      const text = chunk.toString('utf8');
      this.raw += text;
      this.written = this.written.then(() => writeTerm(this.client, text));
    });
    this.stream = new ScreenDiffStream(this.out as unknown as NodeJS.WriteStream, options);
  }

  /** The bytes `action` makes the stream send, once the frame has reached the client. */
  async sent(action: () => unknown): Promise<string> {
    const before = this.raw.length;
    const flushed = new Promise((resolve) => this.stream.once('flushed', resolve));
    await action();
    await flushed;
    await this.written;
    return this.raw.slice(before);
  }

  cursor(): { x: number; y: number } {
    return { x: this.client.buffer.active.cursorX, y: this.client.buffer.active.cursorY };
  }

  /** Whether the last visibility sequence the client got shows the cursor. */
  cursorVisible(): boolean {
    return this.raw.lastIndexOf('\x1b[?25h') > this.raw.lastIndexOf('\x1b[?25l');
  }

  dispose(): void {
    this.stream.close();
    this.client.dispose();
  }
}
