/**
 * Panes end to end: the real qtui in a real pty on the simulated host, read
 * back through a terminal emulator. One daemon for the file; each step
 * builds on the panes the previous one left, as a user's session would.
 */
import { describe, expect, it } from 'vitest';
import { nearestAnsi256 } from '../../../tui/label-colors.js';
import { inPane, paneSession, PREFIX, ROWS, type Screen } from './pane-screen.js';

const session = paneSession();
const inWork = (s: Screen, text: string): boolean => inPane(s, 'work: console', text);
const inShell = (s: Screen, text: string): boolean => inPane(s, 'dom0 shell', text);

let s: Screen;

const until = (what: string, probe: () => boolean, timeout?: number): Promise<void> => s.until(what, probe, timeout);

describe('panes in the real console', { timeout: 120_000 }, () => {
  it('Enter on a halted qube starts it and opens its console in a frame of its label colour', async () => {
    s = session.attach();
    await expect.poll(() => s.text(), { timeout: 30_000 }).toContain('sys-firewall');
    // The filter leaves work and whonix-workstation-17; work sorts last.
    await s.type('/work');
    await expect.poll(() => s.text(), { timeout: 5000 }).toContain('filter "work"');
    await s.type('\r');
    await expect.poll(() => s.text(), { timeout: 5000 }).toContain('? help');
    await s.type('G');
    await expect.poll(() => s.lines().find((l) => l.includes(' work '))?.startsWith('▶'), { timeout: 5000 }).toBe(true);
    await s.type('\r');
    await expect.poll(() => s.text(), { timeout: 30_000 }).toContain('work: console');
    await s.type('echo hello-$((6*7))\r');
    await until('hello-42', () => inWork(s, 'hello-42'));

    // The frame and title are work's label colour (blue, services/registry/seed.ts).
    const title = s.find('work: console');
    expect(title).not.toBeNull();
    const blue = nearestAnsi256([0x34, 0x65, 0xa4]);
    expect(s.fg(title?.x ?? 0, title?.y ?? 0)).toBe(blue);
    // The frame line after the title too.
    const after = (title?.x ?? 0) + 'work: console'.length + 1;
    expect(s.lines()[title?.y ?? 0]?.[after]).toMatch(/[─-]/);
    expect(s.fg(after, title?.y ?? 0)).toBe(blue);
  });

  it('passes Ctrl-C to the pane program and the prefix twice as one Ctrl-a', async () => {
    await s.type('sleep 100\r');
    await s.type('\x03');
    await s.type('echo after-$((1+1))\r');
    await until('after-2', () => inWork(s, 'after-2'));
    // Ctrl-a in bash goes to the line's start: "cho" becomes "echo".
    await s.type(`cho pre-$((40+2))${PREFIX}${PREFIX}e\r`);
    await until('pre-42', () => inWork(s, 'pre-42'));
  });

  it('keeps a qube’s clipboard and title sequences from the outer terminal', async () => {
    const before = s.raw.length;
    // Typed so that the echoed command line itself holds neither sequence.
    await s.type(String.raw`printf '\033]5%s;c;aGVsbG8=\007\033]%s;evil\007ok-%s\n' 2 0 done` + '\r');
    await until('ok-done', () => inWork(s, 'ok-done'));
    const received = s.raw.slice(before);
    expect(received).not.toContain(']52;');
    expect(received).not.toContain(']0;');
  });

  it('splits, switches layout and zooms', async () => {
    await s.type(`${PREFIX}|`);
    await expect.poll(() => s.text(), { timeout: 10_000 }).toContain('dom0 shell');
    // Side by side: both titles on the top line.
    expect(s.find('dom0 shell')?.y).toBe(s.find('work: console')?.y);
    expect(s.find('dom0 shell')?.x ?? 0).toBeGreaterThan(s.find('work: console')?.x ?? 0);
    await s.type('echo shell-$((2*4))\r');
    await until('shell-8', () => inShell(s, 'shell-8'));

    // Space: even-horizontal (side by side) then even-vertical (stacked).
    await s.type(`${PREFIX} `);
    await s.type(`${PREFIX} `);
    await expect.poll(() => (s.find('dom0 shell')?.y ?? 0) > (s.find('work: console')?.y ?? 0), { timeout: 10_000 }).toBe(true);
    // Both titles start at the left edge (the focused one after its "> " mark).
    expect(Math.abs((s.find('dom0 shell')?.x ?? 0) - (s.find('work: console')?.x ?? 9))).toBeLessThanOrEqual(2);

    // Zoom shows the focused pane (the new shell) alone; again brings the other back.
    await s.type(`${PREFIX}z`);
    await expect.poll(() => s.text(), { timeout: 10_000 }).not.toContain('work: console');
    expect(s.text()).toContain('dom0 shell');
    await s.type(`${PREFIX}z`);
    await expect.poll(() => s.text(), { timeout: 10_000 }).toContain('work: console');

    // Focus moves up to work's console: what is typed lands there.
    await s.type(`${PREFIX}\x1b[A`);
    await s.type('echo up-$((5*5))\r');
    await expect.poll(() => (s.find('up-25')?.y ?? ROWS) < (s.find('dom0 shell')?.y ?? 0), { timeout: 10_000 }).toBe(true);
    await s.type(`${PREFIX}\x1b[B`);
  });

  it('runs less and vim in a pane, and both quit cleanly', async () => {
    await s.type("seq -f 'row-%g-end' 1 300 | less\r");
    await until('row-5-end', () => inShell(s, 'row-5-end'));
    await s.type(' ');
    await expect.poll(() => inShell(s, 'row-5-end'), { timeout: 10_000 }).toBe(false);
    await s.type('q');
    await s.type('echo less-done-$((2+3))\r');
    await until('less-done-5', () => inShell(s, 'less-done-5'));

    await s.type('vim -u NONE -N\r');
    await expect.poll(() => s.text(), { timeout: 10_000 }).toMatch(/~\s/);
    await s.type('ivim-text-here');
    await s.type('\x1b');
    await until('vim-text-here', () => inShell(s, 'vim-text-here'));
    await s.type(':q!\r');
    // Back on the shell's own screen: vim's command line shows again.
    await until('vim to quit', () => inShell(s, 'vim -u NONE -N') && !/^~\s*$/m.test(s.text()));
    await s.type('echo vim-done-$((3+4))\r');
    await until('vim-done-7', () => inShell(s, 'vim-done-7'));
  });

  it('detaches and comes back to every pane as it was', async () => {
    await s.type(`${PREFIX}d`);
    expect(await s.exited).toBe(0);
    expect(s.raw).toContain('\x1b[?1049l');

    s = session.attach();
    await expect.poll(() => s.text(), { timeout: 30_000 }).toContain('work: console');
    expect(s.text()).toContain('dom0 shell');
    await until('vim-done-7', () => inShell(s, 'vim-done-7'));
    expect(inWork(s, 'up-25')).toBe(true);
    // q shows the table; w the panes again.
    await s.type(`${PREFIX}q`);
    await expect.poll(() => s.text(), { timeout: 10_000 }).toContain('sys-firewall');
    await s.type('w');
    await until('vim-done-7', () => inShell(s, 'vim-done-7'));
  });

  it('opens the prefix help and the prompt over the panes, and gives the keys back to the pane after', async () => {
    await s.type(PREFIX);
    await until('the prefix shown pending', () => s.text().includes('C-a: waiting for a command key'));
    await s.type('?');
    await until('the prefix help', () => s.text().includes('Panes: press C-a'));
    expect(s.text()).toMatch(/\|\s+split: new dom0 shell at the right/);
    // Any key closes the help; it does not reach the pane.
    await s.type('k');
    await until('the panes again', () => s.text().includes('work: console'));
    await s.type(`${PREFIX}:`);
    await s.type('tre');
    await until('the prompt line', () => s.lines().some((l) => l.startsWith(':tre')));
    await s.type('\x1b');
    await s.type('echo back-$((1+8))\r');
    await until('back-9', () => inShell(s, 'back-9'));
    // Neither the key that closed the help nor the prompt's text reached the shell.
    expect(s.text()).not.toMatch(/kecho|treecho|tre\s*$/m);
  });

  it('shows that a pane’s program ended, and closes the pane after asking', async () => {
    await s.type('exit 3\r');
    await expect.poll(() => s.text(), { timeout: 10_000 }).toMatch(/dom0 shell \[ended, exit 3/);
    await s.type(`${PREFIX}x`);
    await expect.poll(() => s.text(), { timeout: 10_000 }).toContain('Close this pane?');
    await s.type('y');
    await until('the shell pane to close', () => s.text().includes('work: console') && !s.text().includes('dom0 shell'));
    // The qube's console took the whole workspace.
    expect(s.find('work: console')?.y).toBe(0);
    // The prompt's own detach, typed in the panes.
    await s.type(`${PREFIX}:detach\r`);
    expect(await s.exited).toBe(0);
  });
});
