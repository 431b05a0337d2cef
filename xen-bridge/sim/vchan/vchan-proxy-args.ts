/**
 * The command line of Xen 4.17's `vchan-socket-proxy`, parsed the way its
 * getopt_long("m:vs:") call does (GNU argument permutation, unique prefixes
 * of long options, glibc's own error lines), so every mistake a caller can
 * make produces the same stderr and exit code as the real program.
 */

export type ProxyMode = 'client' | 'server';

export interface ProxyOptions {
  mode: ProxyMode;
  statePath: string | undefined;
  verbose: boolean;
  /** client: the server's domain; server: the only domain allowed to connect. */
  domid: number;
  /** xenstore path of the vchan (relative paths are relative to the caller's own domain). */
  nodePath: string;
  /** A unix socket path, a file descriptor number, or "-" for stdin/stdout. */
  endpoint: string;
}

/** Every failure exits 1 with this text on stderr and nothing on stdout. */
export type ProxyArgs = { ok: true; options: ProxyOptions } | { ok: false; stderr: string };

export function usageText(argv0: string): string {
  return `usage:
\t${argv0} [options] domainid nodepath [socket-path|file-no|-]

options:
\t-m, --mode=client|server - vchan connection mode (client by default)
\t-s, --state-path=path - xenstore path where write "running" to 
\t                        at startup
\t-v, --verbose - verbose logging

client: client of a vchan connection, fourth parameter can be:
\tsocket-path: listen on a UNIX socket at this path and connect to vchan
\t             whenever new connection is accepted;
\t             handle multiple _subsequent_ connections, until terminated

\tfile-no:     except open FD of a socket in listen mode;
\t             otherwise similar to socket-path

\t-:           open vchan connection immediately and pass the data
\t             from stdin/stdout; terminate when vchan connection
\t             is closed

server: server of a vchan connection, fourth parameter can be:
\tsocket-path: connect to this UNIX socket when new vchan connection
\t             is accepted;
\t             handle multiple _subsequent_ connections, until terminated

\tfile-no:     pass data to/from this FD; terminate when vchan connection
\t             is closed

\t-:           pass data to/from stdin/stdout; terminate when vchan
\t             connection is closed
`;
}

/** C's atoi: optional blanks and sign, then as many digits as there are; 0 when none. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m?.[1] === undefined ? 0 : Math.trunc(Number(m[1])) | 0;
}

interface OptionSpec {
  short: 'm' | 's' | 'v';
  long: string;
  takesArg: boolean;
}

const OPTIONS: readonly OptionSpec[] = [
  { short: 'm', long: 'mode', takesArg: true },
  { short: 'v', long: 'verbose', takesArg: false },
  { short: 's', long: 'state-path', takesArg: true },
];

type Found = { spec: OptionSpec; arg: string | undefined } | { error: string };

export function parseProxyArgs(args: readonly string[], argv0: string): ProxyArgs {
  const fail = (line: string): ProxyArgs => ({ ok: false, stderr: `${line}${usageText(argv0)}` });
  const positionals: string[] = [];
  let mode: ProxyMode = 'client';
  let statePath: string | undefined;
  let verbose = false;

  const found: Found[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = OPTIONS.find((o) => o.long === name);
      const prefixed = OPTIONS.filter((o) => name !== '' && o.long.startsWith(name));
      const spec = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
      if (!spec) {
        found.push({ error: `${argv0}: unrecognized option '${a}'\n` });
        break;
      }
      if (eq >= 0 && !spec.takesArg) {
        found.push({ error: `${argv0}: option '--${spec.long}' doesn't allow an argument\n` });
        break;
      }
      if (!spec.takesArg) {
        found.push({ spec, arg: undefined });
        continue;
      }
      if (eq >= 0) {
        found.push({ spec, arg: a.slice(eq + 1) });
        continue;
      }
      if (i + 1 >= args.length) {
        found.push({ error: `${argv0}: option '--${spec.long}' requires an argument\n` });
        break;
      }
      found.push({ spec, arg: args[++i] });
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      let stop = false;
      for (let j = 1; j < a.length && !stop; j++) {
        const ch = a.charAt(j);
        const spec = OPTIONS.find((o) => o.short === ch);
        if (!spec) {
          found.push({ error: `${argv0}: invalid option -- '${ch}'\n` });
          stop = true;
        } else if (!spec.takesArg) {
          found.push({ spec, arg: undefined });
        } else if (j + 1 < a.length) {
          found.push({ spec, arg: a.slice(j + 1) });
          stop = true;
        } else if (i + 1 < args.length) {
          found.push({ spec, arg: args[++i] });
          stop = true;
        } else {
          found.push({ error: `${argv0}: option requires an argument -- '${ch}'\n` });
          stop = true;
        }
      }
      if (found.some((f) => 'error' in f)) break;
      continue;
    }
    positionals.push(a);
  }

  // getopt hands options over one at a time and the program acts on each
  // before asking for the next, so the first bad one decides the message.
  for (const f of found) {
    if ('error' in f) return fail(f.error);
    const arg = f.arg ?? '';
    if (f.spec.short === 'v') verbose = true;
    else if (f.spec.short === 's') statePath = arg;
    else if (arg === 'server' || arg === 'client') mode = arg;
    else return fail(`invalid argument for --mode: ${arg}\n`);
  }

  const [domid, nodePath, endpoint] = positionals;
  if (positionals.length !== 3 || domid === undefined || nodePath === undefined || endpoint === undefined) return fail('');
  return { ok: true, options: { mode, statePath, verbose, domid: atoi(domid), nodePath, endpoint } };
}

/**
 * The real program's parse_int (strtol that must consume the whole string):
 * a number means "an inherited file descriptor", anything else is a socket
 * path. Like strtol it takes leading blanks and a sign, "" is 0, and -1 is
 * its "not a number" answer, so "-1" is a path.
 */
export function endpointFd(endpoint: string): number | undefined {
  if (endpoint !== '' && !/^[ \t\n\v\f\r]*[+-]?\d+$/.test(endpoint)) return undefined;
  const n = atoi(endpoint);
  return n === -1 ? undefined : n;
}
