/** The vchan keeper when its proxy cannot run: it says so and keeps trying, with back-off, until stopped. */
import { describe, expect, it } from 'vitest';
import { VchanServerKeeper } from '../../../services/dbus-protocol/index.js';

async function logsOf(proxy: string, until: (lines: string[]) => boolean): Promise<string[]> {
  const lines: string[] = [];
  const keeper = new VchanServerKeeper({ proxy, vchanPath: '/local/domain/3/data/vchan/dbus', busSocket: '/nonexistent/bus', log: (l) => lines.push(l) });
  keeper.start();
  try {
    for (let i = 0; i < 200 && !until(lines); i++) await new Promise((r) => setTimeout(r, 25));
  } finally {
    await keeper.stop();
  }
  return lines;
}

describe('VchanServerKeeper', () => {
  it('reports a missing proxy program and tries again', async () => {
    const lines = await logsOf('qtui-no-such-proxy', (l) => l.filter((x) => x.startsWith('cannot run')).length >= 2);
    expect(lines.filter((l) => l === 'cannot run qtui-no-such-proxy: spawn qtui-no-such-proxy ENOENT').length).toBeGreaterThanOrEqual(2);
  });

  it('restarts a proxy that exits without a session, passing on what it printed', async () => {
    const lines = await logsOf('/bin/sh', (l) => l.filter((x) => x.includes('ended without a session')).length >= 2);
    // /bin/sh refuses the proxy's options: its complaint is logged, then the restart.
    expect(lines.some((l) => l.startsWith('vchan-socket-proxy: /bin/sh: '))).toBe(true);
    expect(lines.filter((l) => l.startsWith('vchan-socket-proxy ended without a session (exit ')).length).toBeGreaterThanOrEqual(2);
  });
});
