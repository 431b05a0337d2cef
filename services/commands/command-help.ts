/** `--help` text of one command and the overview of the table, generated from the specs. */
import type { CommandSpec } from './command-spec.js';

export function commandUsage<C>(spec: CommandSpec<C>): string {
  const args = spec.args.map((a) => {
    const n = a.name.toUpperCase() + (a.variadic ? '…' : '');
    return a.required ? n : `[${n}]`;
  });
  return ['qtui', spec.name, spec.options.length > 0 ? '[OPTIONS]' : '', ...args].filter(Boolean).join(' ');
}

export function commandHelp<C>(spec: CommandSpec<C>): string {
  const lines = [`usage: ${commandUsage(spec)}`, '', spec.summary];
  if (spec.aliases && spec.aliases.length > 0) lines.push(`aliases: ${spec.aliases.join(', ')}`);
  lines.push(`role needed: ${spec.role}`);
  if (spec.args.length > 0) {
    lines.push('', 'arguments:');
    for (const a of spec.args) lines.push(`  ${a.name.toUpperCase().padEnd(22)} ${a.help}`);
  }
  lines.push('', 'options:');
  for (const o of spec.options) {
    const value = o.type === 'boolean' ? '' : o.type === 'enum' ? `=${o.values?.join('|')}` : `=${o.metavar ?? o.type.toUpperCase()}`;
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${value}`;
    lines.push(`  ${flag.padEnd(22)} ${o.help}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(22)} show this help`);
  return `${lines.join('\n')}\n`;
}

export function tableHelp<C>(specs: readonly CommandSpec<C>[]): string {
  const width = Math.max(...specs.map((s) => s.name.length)) + 2;
  const lines = ['usage: qtui [COMMAND [ARGS…]]', '', 'With no command, attach to the console (starting the daemon if needed).', '', 'commands:'];
  for (const s of [...specs].sort((a, b) => a.name.localeCompare(b.name))) lines.push(`  ${s.name.padEnd(width)}${s.summary}`);
  lines.push('', "Run 'qtui COMMAND --help' for a command's arguments.");
  return `${lines.join('\n')}\n`;
}
