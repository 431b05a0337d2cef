/** policy-eval, policy-check, policy-reload: the policy folder as the daemon sees it. */
import { evaluate, formatDecision, formatPolicyErrors, splitServiceSpec } from '../../policy/index.js';
import { policyQubes } from '../../daemon/registry-views.js';
import type { DaemonContext } from '../../daemon/daemon-context.js';
import { CommandError, type CommandSpec } from '../command-spec.js';
import { str, wantsJson, FORMAT_OPTION } from './command-helpers.js';

export const policyEvalCommand: CommandSpec<DaemonContext> = {
  name: 'policy-eval',
  summary: 'decide one request as the policy would, and show the deciding line',
  role: 'viewer',
  mutating: false,
  args: [
    { name: 'service', help: 'SERVICE or SERVICE+ARGUMENT, e.g. qubes.ClipboardPaste', type: 'string', required: true },
    { name: 'source', help: 'the calling qube', type: 'string', required: true, complete: 'qubes' },
    { name: 'target', help: 'the target qube, or @default, @dispvm, @adminvm', type: 'string', required: true, complete: 'qubes' },
  ],
  options: [FORMAT_OPTION],
  handler: (ctx, args) => {
    let service: string;
    let argument: string;
    try {
      ({ service, argument } = splitServiceSpec(str(args, 'service') ?? ''));
    } catch (e) {
      throw new CommandError(`policy eval: ${(e as Error).message}`, 2, 'usage');
    }
    const decision = evaluate(ctx.policy(), { service, argument, source: str(args, 'source') ?? '', target: str(args, 'target') ?? '' }, policyQubes(ctx.registry));
    const format = wantsJson(args) ? 'json' : 'text';
    return Promise.resolve({ data: JSON.parse(formatDecision(decision, 'json')) as unknown, text: `${formatDecision(decision, format).trimEnd()}\n` });
  },
};

export const policyCheckCommand: CommandSpec<DaemonContext> = {
  name: 'policy-check',
  summary: 'list syntax errors of the policy folder (any error makes the whole policy deny)',
  role: 'viewer',
  mutating: false,
  args: [],
  options: [],
  handler: (ctx) => {
    const p = ctx.policy();
    if (p.errors.length === 0) return Promise.resolve({ data: { ok: true, files: p.files }, text: `policy OK: ${p.files.length} files in ${ctx.policyDir}\n` });
    throw new CommandError(formatPolicyErrors(p.errors).trimEnd(), 1, 'failed');
  },
};

export const policyReloadCommand: CommandSpec<DaemonContext> = {
  name: 'policy-reload',
  summary: 'read the policy folder again',
  role: 'admin',
  mutating: true,
  args: [],
  options: [],
  handler: (ctx) => {
    const p = ctx.reloadPolicy();
    const text = p.errors.length === 0 ? `policy reloaded: ${p.files.length} files\n` : `policy reloaded with errors; everything is denied until fixed:\n${formatPolicyErrors(p.errors)}`;
    return Promise.resolve({ data: { files: p.files, errors: p.errors }, text });
  },
};
