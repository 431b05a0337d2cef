/**
 * Flow control end to end: a dom0 shell pane floods 50 MB of output while
 * the console keeps answering keys in another pane and in the table, and
 * the daemon's memory stays bounded (the pane's pty is paused while its
 * screen model is behind, so the output waits in the program, not in the
 * daemon).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inPane, paneSession, PREFIX, type Screen } from './pane-screen.js';

const session = paneSession();
let s: Screen;

const until = (what: string, probe: () => boolean, timeout?: number): Promise<void> => s.until(what, probe, timeout);

/** Bytes in the flood: long lines, so the emulator's time goes to parsing, not to scrolling. */
const FLOOD_BYTES = 20_000_000;
/**
 * What the daemon may grow by while it floods: generous, since the garbage
 * of parsing and drawing alone (before the collector runs) was seen to reach
 * about 100 MiB on a loaded machine; a pane that buffered what it could not
 * parse yet would grow without end.
 */
const GROWTH_BOUND_MIB = 192;

function daemonRssMiB(): number {
  const pid = readFileSync(join(session.host.dir, 'run', 'daemon.pid'), 'utf8').trim();
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for the daemon (pid ${pid})`);
  return Number(m[1]) / 1024;
}

describe('a flooding pane', { timeout: 300_000 }, () => {
  it('is parsed through while other panes and the table answer keys, and the daemon stays bounded', async () => {
    s = session.attach();
    await until('the qube table', () => s.text().includes('sys-firewall'), 30_000);
    await s.type(':filter dom0\r');
    await until('the filter', () => s.text().includes('filter "dom0"'));
    await s.type('\r');
    await until('a dom0 shell', () => s.text().includes('dom0 shell'), 30_000);
    await s.type(`${PREFIX}|`);
    await until('a second dom0 shell', () => (s.text().match(/dom0 shell/g) ?? []).length === 2);
    await s.type(`${PREFIX}\x1b[D`);
    await s.type('echo ready\r');
    await until('the left shell', () => s.text().includes('ready'));

    const before = daemonRssMiB();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, daemonRssMiB())), 100);
    try {
      await s.type(`yes $(printf '%0999d' 0) | head -c ${FLOOD_BYTES}; echo flood-$((1+1))-done\r`);
      // Keys still reach the other pane and the table while the flood is parsed.
      await s.type(`${PREFIX}\x1b[C`);
      await s.type('echo alive-$((3*3))\r');
      await until('the other pane answering', () => /alive-9/.test(s.text()), 30_000);
      await s.type(`${PREFIX}q`);
      await until('the table', () => s.text().includes('AdminVM'), 30_000);
      await s.type('w');
      await until('every byte of the flood parsed', () => inPane(s, 'dom0 shell', 'flood-2-done'), 240_000);
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before, `daemon RSS ${before.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB at most during the flood`).toBeLessThan(GROWTH_BOUND_MIB);
  });
});
