/**
 * firewall list/add/del/reset QUBE (qvm-firewall): dom0 keeps each qube's
 * rules and hands them to sys-firewall, whose agent checks and compiles
 * them; a change is kept only once the agent has accepted it.
 */
import { QTUI_FIREWALL } from '../../dbus-protocol/index.js';
import { decodeRuleTexts } from '../../relay/reply-decoders.js';
import { relayed, requireQube, requireService, type RelayContext } from '../../relay/relay-context.js';
import { sanitizeText } from '../../relay/untrusted-text.js';
import { CommandError, type CommandResult, type CommandSpec, type ParsedArgs } from '../command-spec.js';
import { FORMAT_OPTION, formatted, qubeList, str } from './command-helpers.js';

const QUBE_ARG = { name: 'qube', help: 'the qube whose traffic is filtered', type: 'qube', required: true, complete: 'qubes' } as const;

function listing(qube: string, rules: readonly string[] | undefined): CommandResult {
  if (!rules) return { data: { qube, rules: null }, text: `${qube}: no rules (all traffic accepted)\n` };
  const text = rules.map((r, i) => `${String(i).padStart(3)}  ${sanitizeText(r, 1024)}\n`).join('') + '     (anything else: drop)\n';
  return { data: { qube, rules }, text };
}

/** Sends the new list to sys-firewall and keeps it once accepted. */
async function replaceRules(ctx: RelayContext, qube: string, rules: string[]): Promise<CommandResult> {
  const firewall = requireService(ctx, 'firewall');
  const { ip4, ip6 } = ctx.qubeAddresses(qube);
  const warnings = await relayed(() => ctx.relay.call(firewall, QTUI_FIREWALL, 'SetRules', [qube, ip4, ip6, rules], decodeRuleTexts));
  await ctx.firewallRules.set(qube, rules);
  const result = listing(qube, rules);
  return { data: { ...(result.data as object), warnings }, text: warnings.map((w) => `warning: ${sanitizeText(w, 1024)}\n`).join('') + (result.text ?? '') };
}

function qubeOf(ctx: RelayContext, args: ParsedArgs): string {
  const qube = str(args, 'qube') ?? '';
  requireQube(ctx, qube);
  return qube;
}

export const firewallListCommand: CommandSpec<RelayContext> = {
  name: 'firewall-list',
  summary: "a qube's firewall rules, numbered (qvm-firewall QUBE list)",
  role: 'viewer',
  mutating: false,
  args: [QUBE_ARG],
  options: [FORMAT_OPTION],
  handler: (ctx, args) => {
    const { data, text } = listing(qubeOf(ctx, args), ctx.firewallRules.get(qubeOf(ctx, args)));
    return Promise.resolve(formatted(args, data, text ?? ''));
  },
};

export const firewallAddCommand: CommandSpec<RelayContext> = {
  name: 'firewall-add',
  summary: 'add a rule at the end, before the final drop (qvm-firewall QUBE add action=… dsthost=… …)',
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG, { name: 'rule', help: 'the rule: action=accept|drop [dsthost=…] [proto=…] [dstports=…] [icmptype=…] [specialtarget=dns] [expire=…] [comment=…]', type: 'string', required: true, variadic: true }],
  options: [],
  handler: async (ctx, args) => {
    const qube = qubeOf(ctx, args);
    const rule = qubeList(args, 'rule').join(' ');
    if (rule.trim() === '') throw new CommandError('firewall-add: give the rule, e.g. action=accept dsthost=example.com proto=tcp dstports=443', 2, 'usage');
    return replaceRules(ctx, qube, [...(ctx.firewallRules.get(qube) ?? []), rule]);
  },
};

export const firewallDelCommand: CommandSpec<RelayContext> = {
  name: 'firewall-del',
  summary: 'remove rule number N, as firewall-list numbers them',
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG, { name: 'number', help: 'the rule number', type: 'int', required: true }],
  options: [],
  handler: async (ctx, args) => {
    const qube = qubeOf(ctx, args);
    const n = args.positional.number;
    const rules = ctx.firewallRules.get(qube) ?? [];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= rules.length) throw new CommandError(`${qube} has no rule number ${String(n)}`, 1, 'not-found');
    return replaceRules(ctx, qube, rules.filter((_, i) => i !== n));
  },
};

export const firewallResetCommand: CommandSpec<RelayContext> = {
  name: 'firewall-reset',
  summary: "reset a qube's rules to accept everything (qvm-firewall QUBE reset)",
  role: 'operator',
  mutating: true,
  args: [QUBE_ARG],
  options: [],
  handler: (ctx, args) => replaceRules(ctx, qubeOf(ctx, args), ['action=accept']),
};

export const firewallCommands = [firewallListCommand, firewallAddCommand, firewallDelCommand, firewallResetCommand];
