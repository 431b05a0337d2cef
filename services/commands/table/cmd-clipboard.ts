/**
 * The secure clipboard in the GUI domain: clipboard-copy puts text copied
 * in a qube into it, tagged with that qube; clipboard-paste gives it to a
 * qube once, if the policy (qubes.ClipboardPaste source → target) allows.
 */
import { CLIPBOARD_MAX_BYTES, QTUI_CLIPBOARD } from '../../dbus-protocol/index.js';
import { evaluate } from '../../policy/index.js';
import { decodeClipboardPaste, decodeClipboardState, decodeNothing } from '../../relay/reply-decoders.js';
import { relayed, requireQube, requireService, type RelayContext } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { str } from './command-helpers.js';

export const clipboardCopyCommand: CommandSpec<RelayContext> = {
  name: 'clipboard-copy',
  summary: "put text copied in QUBE on the secure clipboard (at most 64000 bytes)",
  role: 'operator',
  mutating: true,
  args: [
    { name: 'qube', help: 'the qube the text comes from', type: 'qube', required: true, complete: 'running-qubes' },
    { name: 'text', help: 'the text', type: 'string', required: true },
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

export const clipboardPasteCommand: CommandSpec<RelayContext> = {
  name: 'clipboard-paste',
  summary: 'give the secure clipboard to QUBE, once (policy qubes.ClipboardPaste)',
  role: 'operator',
  mutating: true,
  args: [{ name: 'qube', help: 'the qube that receives it', type: 'qube', required: true, complete: 'running-qubes' }],
  options: [],
  handler: async (ctx, args) => {
    const target = str(args, 'qube') ?? '';
    requireQube(ctx, target);
    const gui = requireService(ctx, 'gui');
    const state = await relayed(() => ctx.relay.call(gui, QTUI_CLIPBOARD, 'State', [], decodeClipboardState));
    if (state.size === 0 || state.source === '') throw new CommandError('the clipboard is empty', 1, 'failed');
    // Decided before the content is taken, so a refused paste leaves the clipboard as it was.
    const decision = evaluate(ctx.policy(), { service: 'qubes.ClipboardPaste', argument: '', source: state.source, target }, ctx.policyQubes());
    if (decision.action !== 'allow') {
      const why = decision.action === 'ask' ? 'the policy asks, and this command cannot ask' : decision.reason;
      throw new CommandError(`clipboard paste from ${state.source} to ${target} refused: ${why}`, 1, 'denied');
    }
    const pasted = await relayed(() => ctx.relay.call(gui, QTUI_CLIPBOARD, 'Paste', [], decodeClipboardPaste));
    const text = pasted.data.toString('utf8');
    return { data: { source: pasted.source, target, text }, text: sanitizeText(text, CLIPBOARD_MAX_BYTES) };
  },
};

export const clipboardCommands = [clipboardCopyCommand, clipboardPasteCommand];
