/**
 * Copy mode and the clipboard keys of one client, over the real WorkspaceStore
 * and real dom0 shells. The command table is the daemon's (its policy and
 * relay are tested end to end in test/e2e/panes/copy-paste.test.ts); here a
 * recorder stands in for it, to see which commands a client runs and what
 * reaches the pane's program from a paste.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  /** clipboard-show says the policy's decision; clipboard-paste answers `paste`. */
  policy(decision: 'allow' | 'ask' | 'deny', paste: () => Promise<{ data?: unknown }>): void {
    this.answer = (argv) => (argv[0] === 'clipboard-show' ? Promise.resolve({ data: { bytes: 14, source: 'work', target: 'dom0', decision, reason: 'a rule' } }) : paste());
  }

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
    commands.policy('allow', () => Promise.resolve({ data: { source: 'work', target: 'dom0', text: 'one\x1b[31m\ntwo\x03\n' } }));
    expect(client.act({ kind: 'paste' })).toBeNull();
    await until('the paste to run', () => commands.runs.length === 2);
    expect(commands.runs).toEqual([['clipboard-show', '--', 'dom0'], ['clipboard-paste', '--', 'dom0']]);
    expect(client.pasteQuestion()).toBeNull();
    await until('the pasted lines', () => screen().includes('^[[200~one[31m') && /^two$/m.test(screen()));
    await until('the user told', () => commands.told.some((t) => t.text === 'pasted 14 bytes from work into dom0' && t.level === 'info'));
    // No Ctrl-C reached cat: it still runs and echoes a line.
    type('still-here\r');
    await until('cat still running', () => /^\^\[\[201~still-here$/m.test(screen()));
  });

  it('tells the user why a paste was refused, and writes nothing', async () => {
    commands.policy('deny', () => Promise.reject(new Error('clipboard paste from work to dom0 refused: denied by 50-config-clipboard.policy')));
    expect(client.act({ kind: 'paste' })).toBeNull();
    await until('the refusal told', () => commands.told.some((t) => t.level === 'error' && t.text.includes('refused')));
    // A deny is no question: the paste was tried and refused.
    expect(commands.runs).toEqual([['clipboard-show', '--', 'dom0'], ['clipboard-paste', '--', 'dom0']]);
    expect(client.pasteQuestion()).toBeNull();
    expect(screen()).not.toContain('work');
  });

  it('refuses at once where the console has no clipboard', () => {
    const bare = new WorkspaceClient(store, DEFAULT_PREFIX);
    expect(bare.act({ kind: 'paste' })).toBe('this console has no clipboard');
    bare.close();
  });
});

describe('a paste the policy asks about', () => {
  const PASTED = { data: { source: 'work', target: 'dom0', text: 'from-work-text' } };

  async function ask(): Promise<void> {
    commands.policy('ask', () => Promise.resolve(PASTED));
    expect(client.act({ kind: 'paste' })).toBeNull();
    await until('the question', () => client.pasteQuestion() !== null);
    expect(client.pasteQuestion()).toBe('paste 14 bytes from work into dom0? y/n');
  }

  it('y answers it: clipboard-paste runs with --yes for what was shown, and the text reaches the pane', async () => {
    await ask();
    type('y');
    expect(client.pasteQuestion()).toBeNull();
    await until('the paste to run', () => commands.runs.length === 2);
    expect(commands.runs[1]).toEqual(['clipboard-paste', '--yes', '--from', 'work', '--', 'dom0']);
    await until('the text in the pane', () => screen().includes('from-work-text'));
    // The y itself went to the question, not to the shell.
    expect(screen()).not.toMatch(/yfrom-work-text/);
  });

  it('anything else cancels: no paste runs, and the keys typed reach no pane', async () => {
    await ask();
    type('nxyz');
    expect(client.pasteQuestion()).toBeNull();
    await until('the cancel told', () => commands.told.some((t) => t.text.startsWith('paste cancelled')));
    expect(commands.runs.map((r) => r[0])).toEqual(['clipboard-show']);
    // Keys go to the shell again, and none of those typed at the question did.
    type('echo back-$((4+4))\r');
    await until('the shell answering', () => /^back-8$/m.test(screen()));
    expect(screen()).not.toContain('xyz');
  });

  it('a pane’s output cannot answer it; a key under the prefix or leaving the panes cancels it', async () => {
    // The program prints its answer once the question is open (when the file "go" appears).
    type('until [ -e go ]; do sleep 0.05; done; echo y; echo yes-from-the-program\r');
    await ask();
    writeFileSync(join(home, 'go'), '');
    await until('the program’s output', () => /^yes-from-the-program$/m.test(screen()));
    expect(client.pasteQuestion()).not.toBeNull();
    expect(client.act({ kind: 'zoom' })).toBeNull();
    expect(client.pasteQuestion()).toBeNull();
    await ask();
    client.setKeysToPane(false);
    expect(client.pasteQuestion()).toBeNull();
    expect(commands.runs.map((r) => r[0])).toEqual(['clipboard-show', 'clipboard-show']);
  });
});
