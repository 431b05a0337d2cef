import type { XenErrorKind } from '../xen-error.js';

/** xl's global options that come before the subcommand (xl.c: "vfNtTh" plus -N). */
const GLOBAL_OPTION = /^-[vfNtTh]+$/;

function subcommand(args: readonly string[]): string {
  // Tolerate a caller that passes the whole command, program first.
  const rest = /(?:^|\/)xl$/.test(args[0] ?? '') ? args.slice(1) : args;
  return rest.find((a) => !GLOBAL_OPTION.test(a)) ?? '';
}

/**
 * Messages of real xl 4.17 (see the err.* samples), first match wins. The
 * order matters: a failed `xl create` also logs "Non-existant domain" while
 * cleaning up the domain it could not build, so the causes of a failed create
 * are checked before the domain-not-found messages.
 */
const RULES: readonly { kind: XenErrorKind; pattern: RegExp }[] = [
  { kind: 'name-in-use', pattern: /Domain with name ".*" already exists/ },
  { kind: 'out-of-memory', pattern: /Out of memory|Cannot allocate memory|failed to free memory|not enough memory|ENOMEM/i },
  { kind: 'busy', pattern: /Device or resource busy|Resource temporarily unavailable|cannot acquire lock|is locked/i },
  {
    kind: 'invalid-argument',
    pattern: new RegExp(
      [
        'config parsing error',
        'Failed to parse config',
        'Failed to read config file',
        'Neither kernel nor bootloader specified',
        "failed to open file '",
        'Not destroying domain 0',
        'option `.*\' not supported',
        'invalid memory size',
        'Invalid argument',
        'command not implemented',
        'Unknown device',
        'Device \\S+ not connected',
        '^Usage: xl',
      ].join('|'),
      'm',
    ),
  },
  {
    kind: 'domain-not-found',
    pattern: new RegExp(
      [
        'is an invalid domain identifier',
        "Can't get domid of domain name",
        "Can't get domain name of domain id",
        "Domain '.*' does not exist",
        'Domain \\d+ does not exist',
        'Non-existant domain',
        'Domain \\d+:.*No such process',
      ].join('|'),
    ),
  },
];

/**
 * Why an xl command failed, from what it printed. `args` are xl's arguments
 * (without the program). Timeouts and a missing xl are the runner's to judge:
 * they leave no message to read here.
 */
export function classifyXlFailure(args: readonly string[], exitCode: number | null, stdout: string, stderr: string): XenErrorKind {
  const text = `${stderr}\n${stdout}`;
  const creating = ['create', 'restore', 'migrate-receive'].includes(subcommand(args));
  for (const rule of RULES) {
    if (rule.kind === 'domain-not-found' && creating) continue;
    if (rule.pattern.test(text)) return rule.kind;
  }
  // xl exits 2 only from its option parser (`xl list --bogus`).
  return exitCode === 2 ? 'invalid-argument' : 'failed';
}

/**
 * Some xl commands report a failure and still exit 0 (`xl pause 9999` logs a
 * libxl error; `xl top` without a terminal): true when stderr says so.
 */
export function xlReportedFailure(stderr: string): boolean {
  return /^(?:libxl: error: |xc: error: |Error opening terminal)/m.test(stderr);
}
