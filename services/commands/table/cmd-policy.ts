/** policy-eval, policy-check, policy-files, policy-reload: the policy folder as the daemon sees it. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
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
    // The reason and the deciding line as written ride along for the console's policy tester.
    const data = { ...(JSON.parse(formatDecision(decision, 'json')) as object), reason: decision.reason, rule: decision.rule ?? null };
    return Promise.resolve({ data, text: `${formatDecision(decision, format).trimEnd()}\n` });
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

/** A policy file is shown whole up to this size; the rest is cut, said so. */
const MAX_SHOWN_BYTES = 256 << 10;

export const policyFilesCommand: CommandSpec<DaemonContext> = {
  name: 'policy-files',
  summary: 'list the files the policy was read from, or show one of them',
  role: 'viewer',
  mutating: false,
  args: [{ name: 'file', help: 'a file as listed (e.g. 90-default.policy)', type: 'string' }],
  options: [FORMAT_OPTION],
  handler: (ctx, args) => {
    const p = ctx.policy();
    const name = str(args, 'file');
    if (name === undefined) {
      const data = p.files.map((file) => ({ file, rules: p.rules.filter((r) => r.file === file).length, errors: p.errors.filter((e) => e.file === file).length }));
      if (wantsJson(args)) return Promise.resolve({ data });
      const width = Math.max(4, ...data.map((f) => f.file.length)) + 2;
      return Promise.resolve({ data, text: data.map((f) => `${f.file.padEnd(width)}${f.rules} rules${f.errors > 0 ? `, ${f.errors} errors` : ''}\n`).join('') });
    }
    // Only a file the policy itself read: the command is no way to read any file of dom0.
    if (!p.files.includes(name)) throw new CommandError(`policy-files: no policy file ${JSON.stringify(name)} (see 'policy-files')`, 1, 'not-found');
    let raw: string;
    try {
      raw = readFileSync(isAbsolute(name) ? name : join(p.folder, name), 'utf8');
    } catch (e) {
      throw new CommandError(`policy-files: cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 1, 'failed');
    }
    const cut = raw.length > MAX_SHOWN_BYTES;
    const text = cut ? `${raw.slice(0, MAX_SHOWN_BYTES)}\n# … cut at ${MAX_SHOWN_BYTES} bytes\n` : raw;
    const data = { file: name, text, cut, errors: p.errors.filter((e) => e.file === name) };
    return Promise.resolve({ data, text });
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
