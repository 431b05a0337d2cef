/**
 * Copy mode and the clipboard keys of one client, over the real WorkspaceStore
 * and real dom0 shells. The command table is the daemon's (its policy and
 * relay are tested end to end in test/e2e/panes/copy-paste.test.ts); here a
 * recorder stands in for it, to see which commands a client runs and what
 * reaches the pane's program from a paste.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkspaceClient, type PaneCommands } from '../../../services/sessions/workspace-client.js';
import { WorkspaceStore } from '../../../services/sessions/workspace-store.js';
import { TerminalRegistry } from '../../../services/terminals/terminal-registry.js';
import { DEFAULT_PREFIX } from '../../../tui/prefix-keys.js';

let home: string;
let registry: TerminalRegistry;
let store: WorkspaceStore;

/** What a client ran and was told; `answer` says what the command table answers. */
class Recorder implements PaneCommands {
  readonly runs: string[][] = [];
  readonly told: { text: string; level: string }[] = [];
  answer: (argv: readonly string[]) => Promise<{ data?: unknown }> = () => Promise.resolve({});

  run(argv: readonly string[]): Promise<{ data?: unknown }> {
    this.runs.push([...argv]);
    return this.answer(argv);
  }

  notify(text: string, level: string): void {
    this.told.push({ text, level });
  }
}

let commands: Recorder;
let client: WorkspaceClient;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'qtui-pane-clipboard-'));
  registry = new TerminalRegistry({ shell: { file: '/bin/sh', args: [], cwd: home }, changeIntervalMs: 5 });
  store = new WorkspaceStore(registry);
  commands = new Recorder();
  client = new WorkspaceClient(store, DEFAULT_PREFIX, commands);
  client.setKeysToPane(true);
  expect(client.act({ kind: 'newWorkspace' })).toBeNull();
  // Keys typed before the shell set up its terminal could be flushed by it.
  await until('the shell prompt', () => screen().trim() !== '');
});

afterEach(async () => {
  client.close();
  await store.closeAll();
  rmSync(home, { recursive: true, force: true });
});

/** The focused pane's live screen as text. */
function screen(): string {
  return store.focusedTerminal()?.text().join('\n') ?? '';
}

function type(keys: string): void {
  const sink = client.keySink();
  if (!sink) throw new Error('no key sink');
  sink.write(keys);
}

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the pane:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('copy mode in a pane', () => {
  it('takes the keys from the program while it lasts, and a copy runs clipboard-copy as from the pane’s qube', async () => {
    type('echo mark-$((2+3))\r');
    await until('the output', () => /^mark-5$/m.test(screen()));
    expect(client.act({ kind: 'copyMode' })).toBeNull();
    const copy = client.frame(80, 22)?.panes.get(0)?.copy;
    expect(copy?.position).toBe('[0/0]');
    // Keys for copy mode: a search typed, and letters the program must not see.
    type('zzz?mark-5\r');
    expect(client.frame(80, 22)?.panes.get(0)?.copy?.rows.some((r) => r.cursor === 0 && r.cells.join('').startsWith('mark-5'))).toBe(true);
    type('v$y');
    await until('the copy to run', () => commands.runs.length === 1);
    expect(commands.runs[0]).toEqual(['clipboard-copy', '--', 'dom0', 'mark-5']);
    await until('the user told', () => commands.told.some((t) => t.text === 'copied 6 bytes from dom0'));
    // Copy mode is over: keys reach the shell again, and none of copy mode's did.
    expect(client.frame(80, 22)?.panes.get(0)?.copy).toBeNull();
    type('echo after-$((1+1))\r');
    await until('the shell answering', () => /^after-2$/m.test(screen()));
    expect(screen()).not.toContain('zzz');
  });

  it('q leaves without copying; the search line shows while it is typed', () => {
    client.act({ kind: 'copyMode' });
    type('/abc');
    expect(client.frame(80, 22)?.panes.get(0)?.copy?.status).toBe('/abc');
    type('\x1b');
    type('q');
    expect(client.frame(80, 22)?.panes.get(0)?.copy).toBeNull();
    expect(commands.runs).toEqual([]);
  });
});

describe('pasting into a pane', () => {
  it('runs clipboard-paste for the pane’s qube and writes the text as a bracketed paste, control characters dropped', async () => {
    // The program asks for bracketed paste; cat -v shows what it receives.
    type(`printf '\\033[?2004h'; stty -echo; cat -v\r`);
    await until('bracketed paste on', () => store.focusedTerminal()?.modes.bracketedPaste === true);
    commands.answer = () => Promise.resolve({ data: { source: 'work', target: 'dom0', text: 'one\x1b[31m\ntwo\x03\n' } });
    expect(client.act({ kind: 'paste' })).toBeNull();
    expect(commands.runs).toEqual([['clipboard-paste', '--', 'dom0']]);
    await until('the pasted lines', () => screen().includes('^[[200~one[31m') && /^two$/m.test(screen()));
    await until('the user told', () => commands.told.some((t) => t.text === 'pasted 14 bytes from work into dom0' && t.level === 'info'));
    // No Ctrl-C reached cat: it still runs and echoes a line.
    type('still-here\r');
    await until('cat still running', () => /^\^\[\[201~still-here$/m.test(screen()));
  });

  it('tells the user why a paste was refused, and writes nothing', async () => {
    commands.answer = () => Promise.reject(new Error('clipboard paste from work to dom0 refused: denied by 50-config-clipboard.policy'));
    expect(client.act({ kind: 'paste' })).toBeNull();
    await until('the refusal told', () => commands.told.some((t) => t.level === 'error' && t.text.includes('refused')));
    expect(screen()).not.toContain('work');
  });

  it('refuses at once where the console has no clipboard', () => {
    const bare = new WorkspaceClient(store, DEFAULT_PREFIX);
    expect(bare.act({ kind: 'paste' })).toBe('this console has no clipboard');
    bare.close();
  });
});
