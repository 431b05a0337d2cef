/**
 * Copy mode, the secure clipboard keys and the real cursor, end to end: the
 * real qtui in a real pty on the simulated host, with the GUI domain (which
 * holds the clipboard) running under the default policy, which asks the
 * person at the console before a paste from one qube into another. Each step
 * builds on the panes the previous one left.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../fixtures/free-port.js';
import { makeClientKey } from '../../fixtures/ssh/ssh-keys.js';
import { runSsh } from '../../fixtures/ssh/ssh-test-server.js';
import { inPane, paneSession, PREFIX, type PaneHost, type Screen } from './pane-screen.js';

let s: Screen;

const until = (what: string, probe: () => boolean, timeout?: number): Promise<void> => s.until(what, probe, timeout);
const inWork = (text: string): boolean => inPane(s, 'work: console', text);
const POSITION = /\[(\d+)\/(\d+)\]/;

/** The status line (the screen's last) says the clipboard holds `bytes` from `source` (in its long or short form), or is empty. */
const clipboardShows =
  (bytes: number | null, source = '') =>
  (): boolean => {
    const status = s.lines().at(-1) ?? '';
    return bytes === null ? status.includes('clipboard empty') : status.includes(`clipboard ${bytes} bytes from ${source}`) || status.includes(`clip ${bytes}B from ${source}`);
  };

async function ok(host: PaneHost, ...args: string[]): Promise<void> {
  const r = await host.qtui(...args);
  expect(r.code, `qtui ${args.join(' ')}: ${r.out}`).toBe(0);
}

const session = paneSession(async (host) => {
  await ok(host, 'start', 'sys-gui');
  await Promise.all(['work', 'personal'].map((q) => ok(host, 'start', q)));
  // The clipboard is reachable once the GUI domain's agent answers.
  const deadline = Date.now() + 90_000;
  for (let r = await host.qtui('notify-list'); r.code !== 0; r = await host.qtui('notify-list')) {
    if (Date.now() > deadline) throw new Error(`the GUI domain never answered: ${r.out}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

describe('copy mode and the secure clipboard in the real console', { timeout: 120_000 }, () => {
  it('puts the outer terminal’s real cursor at the shell prompt inside the focused pane', async () => {
    s = session.attach();
    await until('the qube table', () => s.text().includes('sys-firewall'), 30_000);
    await s.type(':filter work\r');
    await until('the filter', () => s.text().includes('filter "work"'));
    // The filter leaves work and whonix-workstation-17; work sorts last. Enter only once the cursor is on it.
    await s.type('G');
    await until('the cursor on work', () => s.lines().find((l) => l.includes(' work '))?.startsWith('▶') === true);
    await s.type('\r');
    await until('work’s pane', () => s.text().includes('work: console'), 30_000);
    await s.type('echo cursor-here');
    await until('the typed line', () => inWork('echo cursor-here'));
    await until('the cursor after the typed text', () => {
      const at = s.find('echo cursor-here');
      return at !== null && s.cursor().y === at.y && s.cursor().x === at.x + 'echo cursor-here'.length && s.cursorVisible();
    });
    // The frame is at the pane's left: the cursor is inside the pane, not on its border.
    expect(s.cursor().x).toBeGreaterThan(s.find('work: console')?.x ?? 0);
    await s.type('\x15');

    // Over the table the cursor hides, and comes back with the panes.
    await s.type(`${PREFIX}q`);
    await until('the table, no cursor', () => s.text().includes('sys-firewall') && !s.cursorVisible());
    await s.type('w');
    await until('the panes with the cursor again', () => s.text().includes('work: console') && s.cursorVisible());
  });

  it('copy mode finds a line printed earlier, and its selection goes on the clipboard from the qube', async () => {
    await s.type('echo copy-me-$((6*7))\r');
    await until('copy-me-42', () => inWork('copy-me-42'));
    await s.type('seq 1 80\r');
    await until('copy-me-42 scrolled away', () => !s.text().includes('copy-me-42') && inWork('79'));

    await s.type(`${PREFIX}[`);
    await until('copy mode with its position', () => s.text().includes('[copy mode]') && POSITION.exec(s.text())?.[1] === '0');
    // Copy mode hides the real cursor: its own is drawn in the pane.
    expect(s.cursorVisible()).toBe(false);
    await s.type('?copy-me-42\r');
    await until('the search hit in view', () => inWork('copy-me-42') && Number(POSITION.exec(s.text())?.[1]) > 0);
    await s.type('v$y');
    await until('the clipboard holding it', clipboardShows(10, 'work'));
    await until('copy mode left', () => !s.text().includes('[copy mode]') && s.cursorVisible());
  });

  it('prefix ] pastes into another qube’s pane once, and the clipboard is empty after', async () => {
    await s.type(`${PREFIX}q`);
    await until('the table', () => s.text().includes('sys-firewall'));
    await s.type(':filter personal\r');
    await until('the filter', () => s.text().includes('filter "personal"'));
    await s.type('\r');
    await until('personal’s pane', () => s.text().includes('personal: console'), 30_000);
    await s.type('echo pasted-');
    // The default policy asks; anything but y says no, and the clipboard stays as it was.
    await s.type(`${PREFIX}]`);
    await until('the question', () => s.text().includes('paste 10 bytes from work into personal? y/n'));
    await s.type('n');
    await until('the paste cancelled', () => s.text().includes('paste cancelled') && !s.text().includes('? y/n'));
    expect(clipboardShows(10, 'work')()).toBe(true);
    expect(inPane(s, 'personal: console', 'echo pasted-n')).toBe(false);
    await s.type(`${PREFIX}]`);
    await until('the question again', () => s.text().includes('paste 10 bytes from work into personal? y/n'));
    await s.type('y');
    // The paste is asked of the GUI domain: Enter only once it is on the command line.
    await until('the paste done', () => s.text().includes('pasted 10 bytes from work into personal'));
    await s.type('\r');
    // The echo's output starts a line of the pane, right of its border.
    await until('its echo', () => /│pasted-copy-me-42/.test(s.text()));
    await until('the clipboard emptied', clipboardShows(null));
    await s.type(`${PREFIX}]`);
    await until('a second paste refused', () => s.text().includes('the clipboard is empty'));
  });

  it('refuses a paste the policy denies, says why, and keeps the clipboard', async () => {
    // Copy the echo's output line in personal's pane (just above the prompt).
    await s.type(`${PREFIX}[`);
    await until('copy mode', () => s.text().includes('[copy mode]'));
    await s.type('k0v$y');
    await until('the clipboard from personal', clipboardShows(17, 'personal'));
    await s.type(`${PREFIX}|`);
    await until('a dom0 shell', () => s.text().includes('dom0 shell'));
    await s.type(`${PREFIX}]`);
    await until('the refusal', () => s.text().includes('clipboard paste from personal to dom0 refused'));
    // A deny is not asked.
    expect(s.text()).not.toContain('? y/n');
    expect(clipboardShows(17, 'personal')()).toBe(true);
  });

  it('copies in a dom0 shell as dom0, and pastes dom0’s own text back into dom0', async () => {
    await s.type('echo dom0-text-$((1+1))\r');
    await until('the dom0 line', () => inPane(s, 'dom0 shell', 'dom0-text-2'));
    await s.type(`${PREFIX}[`);
    await until('copy mode', () => s.text().includes('[copy mode]'));
    await s.type('k0v$y');
    await until('the clipboard from dom0', clipboardShows(11, 'dom0'));
    await s.type('echo again-');
    await s.type(`${PREFIX}]`);
    await until('the paste done', () => s.text().includes('pasted 11 bytes from dom0 into dom0'));
    await until('the clipboard emptied', clipboardShows(null));
    await s.type('\r');
    await until('the paste in dom0', () => inPane(s, 'dom0 shell', 'again-dom0-text-2'));
  });

  it('writes no clipboard text down: the audit log and events --audit show it redacted, from the console’s copy key, the CLI and an SSH exec', async () => {
    const host = session.host;
    await ok(host, 'clipboard-copy', 'work', 'cli-secret-text');
    const key = makeClientKey(host.dir, 'operator');
    await ok(host, 'ssh', 'authorize', '--role', 'operator', `${key.path}.pub`);
    const fingerprint = await host.qtui('ssh', 'fingerprint', '--format', 'json');
    const knownHosts = join(host.dir, 'known_hosts');
    writeFileSync(knownHosts, `qtui-test ${(JSON.parse(fingerprint.out) as { publicKey: string }).publicKey}\n`);
    const port = await freePort();
    await ok(host, 'ssh', 'enable', '--listen', `127.0.0.1:${port}`);
    try {
      const remote = await runSsh(port, knownHosts, key.path, ['clipboard-copy', 'work', 'ssh-secret-text']);
      expect(remote).toMatchObject({ code: 0, stdout: 'copied 15 bytes from work\n' });
    } finally {
      await ok(host, 'ssh', 'disable');
    }
    const log = readFileSync(join(host.dir, 'state', 'audit.log'), 'utf8');
    const events = await host.qtui('events', '--audit');
    expect(events.code).toBe(0);
    // The console's copies (work's, personal's, dom0's), the CLI's, and the table's record of the SSH exec request.
    expect(log.match(/"argv":\["clipboard-copy","--","(work|personal|dom0)","<redacted>"\]/g)).toHaveLength(3);
    expect(log).toMatch(/"argv":\["clipboard-copy","work","<redacted>"\],"caller":\{[^}]*"origin":"unix socket/);
    expect(log).toMatch(/"argv":\["clipboard-copy","work","<redacted>"\],"caller":\{[^}]*"origin":"ssh /);
    expect(events.out).toContain('clipboard-copy work <redacted>');
    for (const secret of ['copy-me-42', 'pasted-copy-me-42', 'dom0-text-2', 'cli-secret-text', 'ssh-secret-text']) {
      expect(log).not.toContain(secret);
      expect(events.out).not.toContain(secret);
    }
  });
});
