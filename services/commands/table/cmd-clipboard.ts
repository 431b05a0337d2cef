/**
 * The secure clipboard in the GUI domain: clipboard-copy puts text copied
 * in a qube into it, tagged with that qube; clipboard-paste gives it to a
 * qube once, if the policy (qubes.ClipboardPaste source → target) allows.
 * A policy that asks is answered by the person at the console, as Qubes asks
 * the person at dom0: clipboard-show tells the console what the policy would
 * decide, and `clipboard-paste --yes` is that person's yes.
 */
import { CLIPBOARD_MAX_BYTES, QTUI_CLIPBOARD } from '../../dbus-protocol/index.js';
import { evaluate, type Decision } from '../../policy/index.js';
import { decodeClipboardPaste, decodeClipboardState, decodeNothing } from '../../relay/reply-decoders.js';
import { relayed, requireQube, requireService, type RelayContext } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { flag, str } from './command-helpers.js';

export const clipboardCopyCommand: CommandSpec<RelayContext> = {
  name: 'clipboard-copy',
  summary: "put text copied in QUBE on the secure clipboard (at most 64000 bytes)",
  role: 'operator',
  mutating: true,
  args: [
    { name: 'qube', help: 'the qube the text comes from', type: 'qube', required: true, complete: 'running-qubes' },
    // A clipboard's content is never written down, as Qubes never logs it.
    { name: 'text', help: 'the text', type: 'string', required: true, secret: true },
  ],
  options: [],
  handler: async (ctx, args) => {
    const source = str(args, 'qube') ?? '';
    requireQube(ctx, source);
    const data = Buffer.from(str(args, 'text') ?? '', 'utf8');
    if (data.length > CLIPBOARD_MAX_BYTES) throw new CommandError(`clipboard-copy: ${data.length} bytes, at most ${CLIPBOARD_MAX_BYTES}`, 2, 'usage');
    const gui = requireService(ctx, 'gui');
    await relayed(() => ctx.relay.call(gui, QTUI_CLIPBOARD, 'Copy', [source, data], decodeNothing));
    return { data: { source, bytes: data.length }, text: `copied ${data.length} bytes from ${source}\n` };
  },
};

/** What the clipboard holds, and what the policy decides of a paste of it into `target`. */
async function pasteDecision(ctx: RelayContext, gui: string, target: string): Promise<{ source: string; bytes: number; decision: Decision }> {
  const state = await relayed(() => ctx.relay.call(gui, QTUI_CLIPBOARD, 'State', [], decodeClipboardState));
  if (state.size === 0 || state.source === '') throw new CommandError('the clipboard is empty', 1, 'failed');
  const decision = evaluate(ctx.policy(), { service: 'qubes.ClipboardPaste', argument: '', source: state.source, target }, ctx.policyQubes());
  return { source: state.source, bytes: state.size, decision };
}

export const clipboardShowCommand: CommandSpec<RelayContext> = {
  name: 'clipboard-show',
  summary: 'what the secure clipboard holds (size and source, never the text); with QUBE, whether a paste into it is allowed, asked or denied',
  role: 'viewer',
  mutating: false,
  args: [{ name: 'qube', help: 'a qube to paste into', type: 'qube', complete: 'running-qubes' }],
  options: [],
  handler: async (ctx, args) => {
    const target = str(args, 'qube');
    const gui = requireService(ctx, 'gui');
    if (target === undefined) {
      const state = await relayed(() => ctx.relay.call(gui, QTUI_CLIPBOARD, 'State', [], decodeClipboardState));
      const empty = state.size === 0 || state.source === '';
      return { data: empty ? { bytes: 0, source: null } : { bytes: state.size, source: state.source }, text: empty ? 'the clipboard is empty\n' : `${state.size} bytes from ${state.source}\n` };
    }
    requireQube(ctx, target);
    const { source, bytes, decision } = await pasteDecision(ctx, gui, target);
    return {
      data: { bytes, source, target, decision: decision.action, reason: decision.reason },
      text: `${bytes} bytes from ${source}; a paste into ${target}: ${decision.action} (${decision.reason})\n`,
    };
  },
};

export const clipboardPasteCommand: CommandSpec<RelayContext> = {
  name: 'clipboard-paste',
  summary: 'give the secure clipboard to QUBE, once (policy qubes.ClipboardPaste)',
  role: 'operator',
  mutating: true,
  args: [{ name: 'qube', help: 'the qube that receives it', type: 'qube', required: true, complete: 'running-qubes' }],
  options: [
    { name: 'yes', short: 'y', help: "answer yes where the policy asks (a deny stays denied)", type: 'boolean' },
    { name: 'from', help: 'paste only if the clipboard holds text copied in QUBE (what the person who said yes was shown)', type: 'string', metavar: 'QUBE' },
  ],
  handler: async (ctx, args) => {
    const target = str(args, 'qube') ?? '';
    requireQube(ctx, target);
    const gui = requireService(ctx, 'gui');
    // Decided before the content is taken, so a refused paste leaves the clipboard as it was.
    const { source, decision } = await pasteDecision(ctx, gui, target);
    const from = str(args, 'from');
    if (from !== undefined && from !== source) throw new CommandError(`clipboard paste into ${target} refused: the clipboard now holds text from ${source}, not from ${from}`, 1, 'conflict');
    if (decision.action === 'deny' || (decision.action === 'ask' && !flag(args, 'yes'))) {
      const why = decision.action === 'ask' ? `the policy asks (${decision.reason}); answer yes with --yes` : decision.reason;
      throw new CommandError(`clipboard paste from ${source} to ${target} refused: ${why}`, 1, 'denied');
    }
    const pasted = await relayed(() => ctx.relay.call(gui, QTUI_CLIPBOARD, 'Paste', [], decodeClipboardPaste));
    const text = pasted.data.toString('utf8');
    return { data: { source: pasted.source, target, text }, text: sanitizeText(text, CLIPBOARD_MAX_BYTES) };
  },
};

export const clipboardCommands = [clipboardCopyCommand, clipboardShowCommand, clipboardPasteCommand];
