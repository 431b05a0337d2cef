/**
 * Real D-Bus clients for agent tests: `gdbus introspect --xml` reduced to
 * the shape of an InterfaceSpec (so a test compares what a service really
 * exports with what it should), and a runner for notify-send / gdbus call.
 */
import { execFile } from 'node:child_process';
import type { ClientInterface } from 'dbus-next';

export interface IntrospectedInterface {
  methods: Record<string, { in: string; out: string }>;
  signals: Record<string, string>;
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Elements named `element` directly inside `xml`: [opening tag, inner text]. */
function elements(xml: string, element: string): [string, string][] {
  const re = new RegExp(`<${element}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${element}>)`, 'g');
  return [...xml.matchAll(re)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

export function parseIntrospection(xml: string): Record<string, IntrospectedInterface> {
  const result: Record<string, IntrospectedInterface> = {};
  for (const [tag, body] of elements(xml, 'interface')) {
    const name = attr(tag, 'name');
    if (!name) throw new Error(`interface without a name in ${xml}`);
    const iface: IntrospectedInterface = { methods: {}, signals: {} };
    for (const [mtag, mbody] of elements(body, 'method')) {
      const args = elements(mbody, 'arg').map(([a]) => ({ type: attr(a, 'type') ?? '', dir: attr(a, 'direction') ?? 'in' }));
      iface.methods[attr(mtag, 'name') ?? ''] = {
        in: args.filter((a) => a.dir === 'in').map((a) => a.type).join(''),
        out: args.filter((a) => a.dir === 'out').map((a) => a.type).join(''),
      };
    }
    for (const [stag, sbody] of elements(body, 'signal')) {
      iface.signals[attr(stag, 'name') ?? ''] = elements(sbody, 'arg').map(([a]) => attr(a, 'type') ?? '').join('');
    }
    result[name] = iface;
  }
  return result;
}

export function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { env, timeout: 10_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

export async function introspect(address: string, dest: string, path: string): Promise<Record<string, IntrospectedInterface>> {
  const r = await run('gdbus', ['introspect', '--address', address, '--dest', dest, '--object-path', path, '--xml']);
  if (r.code !== 0) throw new Error(`gdbus introspect failed (${r.code}): ${r.stderr}`);
  return parseIntrospection(r.stdout);
}

/** The interfaces other than the standard org.freedesktop.DBus.* ones every object has. */
export function ownInterfaces(all: Record<string, IntrospectedInterface>): Record<string, IntrospectedInterface> {
  return Object.fromEntries(Object.entries(all).filter(([name]) => !name.startsWith('org.freedesktop.DBus.')));
}

/** Calls a method of a dbus-next proxy (whose members are untyped) and returns its reply as unknown. */
export function call(iface: ClientInterface, method: string, ...args: unknown[]): Promise<unknown> {
  const fn = iface[method];
  if (!fn) throw new Error(`the proxy has no method ${method}`);
  return fn.apply(iface, args) as Promise<unknown>;
}
