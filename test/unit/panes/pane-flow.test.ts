/**
 * PaneTerminal's flow control: output that comes faster than the screen model
 * parses it pauses the program's pty, and the pty is resumed once the model
 * has caught up, every byte parsed. The source here hands over output as fast
 * as a pty read could, with no process behind it, so the model is behind for sure.
 */
import { describe, expect, it } from 'vitest';
import type { PtyExit, PtySource } from '../../../services/terminals/pty-source.js';
import { PaneTerminal } from '../../../services/terminals/pane-terminal.js';

class FirehoseSource implements PtySource {
  readonly pid = 0;
  readonly command = ['firehose'];
  readonly events: string[] = [];
  private listener: ((data: string) => void) | null = null;

  onData(fn: (data: string) => void): () => void {
    this.listener = fn;
    return () => (this.listener = null);
  }

  onExit(_fn: (exit: PtyExit) => void): () => void {
    return () => undefined;
  }

  write(): void {}

  resize(): void {}

  pause(): void {
    this.events.push('pause');
  }

  resume(): void {
    this.events.push('resume');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  emit(data: string): void {
    this.listener?.(data);
  }
}

describe('pane flow control', () => {
  it('pauses the program while the model is a megabyte behind, resumes once it caught up, and parses every byte', async () => {
    const source = new FirehoseSource();
    const t = new PaneTerminal(source, { cols: 80, rows: 10, changeIntervalMs: 5 });
    const line = `${'x'.repeat(79)}\r\n`;
    // 4 MiB handed over in one go: the model parses in slices, so it is behind at once.
    for (let i = 0; i < 16; i++) source.emit(line.repeat(3300));
    expect(source.events).toEqual(['pause']);
    source.emit('LAST-LINE');
    await t.drain();
    expect(source.events).toEqual(['pause', 'resume']);
    expect(t.text().some((l) => l === 'LAST-LINE')).toBe(true);
    await t.close();
  });

  it('never pauses a program whose output the model keeps up with', async () => {
    const source = new FirehoseSource();
    const t = new PaneTerminal(source, { cols: 80, rows: 10, changeIntervalMs: 5 });
    for (let i = 0; i < 20; i++) {
      source.emit(`line ${i}\r\n`);
      await t.drain();
    }
    expect(source.events).toEqual([]);
    expect(t.text()).toContain('line 19');
    await t.close();
  });
});
