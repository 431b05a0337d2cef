/**
 * clipboard-paste's answers to the policy, through the command table (its
 * parsing and its audit) over the real GUI agent in a simulated sys-gui,
 * reached by dom0's relay: allow pastes, ask pastes only with --yes (the
 * console's y), deny refuses even then; a refused paste keeps the clipboard.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommandTable, type AuditEntry } from '../../../services/commands/command-table.js';
import { CommandError, type Caller } from '../../../services/commands/command-spec.js';
import { REDACTED } from '../../../services/commands/secret-options.js';
import { clipboardCommands } from '../../../services/commands/table/cmd-clipboard.js';
import type { RelayContext } from '../../../services/relay/relay-context.js';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { createDomain, policyFolder, QubeBus, qubeTable, startAgent, startRelay, testContext, waitFor, type AgentChild, type RelayUnderTest } from '../../integration/relay/relay-fixture.js';

const QUBES = ['sys-gui', 'work', 'personal', 'vault', 'trusted'];
const POLICY = `
qtui.DBus.org.qtui.Clipboard1  *  @adminvm  sys-gui   allow
qubes.ClipboardPaste           *  work      trusted   allow
qubes.ClipboardPaste           *  work      vault     deny
qubes.ClipboardPaste           *  @anyvm    @anyvm    ask
*  *  *  *  deny
`;
const caller: Caller = { role: 'operator', identity: 'test', origin: 'test' };

let host: SimXenHost;
let policyDir: string;
let r: RelayUnderTest;
let agent: AgentChild;
let bus: QubeBus;
let ctx: RelayContext;
let audit: AuditEntry[];
let table: CommandTable<RelayContext>;

beforeAll(async () => {
  await buildOnce();
  host = await SimXenHost.create();
  const { policy, dir } = policyFolder(POLICY);
  policyDir = dir;
  const qubes = qubeTable(QUBES);
  r = startRelay(host, policy, qubes);
  const gui = await createDomain(host, 'sys-gui');
  bus = new QubeBus(gui.folder);
  await bus.start();
  agent = await startAgent(host, gui.domid, 'sys-gui', 'guivm/guivm-agent-main.js', bus);
  r.relay.qubeStarted('sys-gui', gui.domid);
  await waitFor('the link to sys-gui', () => r.relay.status('sys-gui').state === 'up');
  ctx = testContext(r.relay, policy, qubes, QUBES, { gui: 'sys-gui' }, dir);
}, 120_000);

afterAll(async () => {
  await r?.cleanup();
  await agent?.stop();
  await bus?.kill();
  await host?.teardown();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

beforeEach(async () => {
  audit = [];
  table = new CommandTable(clipboardCommands, undefined, (e) => audit.push(e));
  await table.run(ctx, ['clipboard-copy', '--', 'work', 'copied text'], caller);
});

const run = (...argv: string[]) => table.run(ctx, argv, caller);

async function refusal(...argv: string[]): Promise<CommandError> {
  const e = await run(...argv).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(CommandError);
  return e as CommandError;
}

async function clipboard(): Promise<unknown> {
  return (await run('clipboard-show')).data;
}

describe('clipboard-paste and the policy', { timeout: 30_000 }, () => {
  it('allow: pastes without a question, once', async () => {
    expect((await run('clipboard-show', 'trusted')).data).toMatchObject({ bytes: 11, source: 'work', target: 'trusted', decision: 'allow' });
    expect((await run('clipboard-paste', 'trusted')).data).toEqual({ source: 'work', target: 'trusted', text: 'copied text' });
    expect(await clipboard()).toEqual({ bytes: 0, source: null });
  });

  it('ask: refused without --yes, naming it, and the clipboard kept; pasted with it', async () => {
    expect((await run('clipboard-show', 'personal')).data).toMatchObject({ bytes: 11, source: 'work', decision: 'ask' });
    const e = await refusal('clipboard-paste', 'personal');
    expect(e.code).toBe('denied');
    expect(e.message).toMatch(/^clipboard paste from work to personal refused: the policy asks .*--yes/);
    expect(await clipboard()).toEqual({ bytes: 11, source: 'work' });
    expect((await run('clipboard-paste', '--yes', '--from', 'work', '--', 'personal')).data).toEqual({ source: 'work', target: 'personal', text: 'copied text' });
    expect(await clipboard()).toEqual({ bytes: 0, source: null });
  });

  it('deny: refused even with --yes, and the clipboard kept', async () => {
    const e = await refusal('clipboard-paste', '--yes', 'vault');
    expect(e.code).toBe('denied');
    expect(e.message).toContain('clipboard paste from work to vault refused');
    expect(e.message).not.toContain('--yes');
    expect(await clipboard()).toEqual({ bytes: 11, source: 'work' });
  });

  it('a yes given for another source does not paste what is there now', async () => {
    const e = await refusal('clipboard-paste', '--yes', '--from', 'personal', 'trusted');
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('holds text from work, not from personal');
    expect(await clipboard()).toEqual({ bytes: 11, source: 'work' });
  });

  it('writes the copied text down nowhere: the audit has it redacted', () => {
    expect(audit.map((a) => a.argv)).toEqual([['clipboard-copy', '--', 'work', REDACTED]]);
  });
});
