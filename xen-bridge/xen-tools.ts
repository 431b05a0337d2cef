/**
 * Where Xen's programs are. Each can be pointed elsewhere with an environment
 * variable (tests and the simulated host use this); otherwise PATH is
 * searched, then Xen's private bin folders, because Debian installs some
 * tools (vchan-socket-proxy) only under /usr/lib/xen-<version>/bin.
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type XenTool = 'xl' | 'xentop' | 'xenstore-watch' | 'vchan-socket-proxy';

export const XEN_TOOL_ENV: Readonly<Record<XenTool, string>> = {
  xl: 'QTUI_XL',
  xentop: 'QTUI_XENTOP',
  'xenstore-watch': 'QTUI_XENSTORE_WATCH',
  'vchan-socket-proxy': 'QTUI_VCHAN_SOCKET_PROXY',
};

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder holding the xen-<version> folders; /usr/lib on Debian. */
  libRoot?: string;
}

/**
 * The path of a Xen tool, or null when it is not installed. An override from
 * the environment is returned as given, even if nothing is there, so that a
 * wrong setting shows up as 'not-installed' instead of silently using another
 * binary.
 */
export function locateXenTool(tool: XenTool, opts: LocateOptions = {}): string | null {
  const env = opts.env ?? process.env;
  const override = env[XEN_TOOL_ENV[tool]];
  if (override) return override;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir && isExecutableFile(join(dir, tool))) return join(dir, tool);
  }
  for (const dir of xenLibBinDirs(opts.libRoot ?? '/usr/lib')) {
    if (isExecutableFile(join(dir, tool))) return join(dir, tool);
  }
  return null;
}

/** The bin folder of every <root>/xen-<version>, newest version first. */
function xenLibBinDirs(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith('xen-'))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    .map((n) => join(root, n, 'bin'));
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
