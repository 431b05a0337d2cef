/**
 * The SSH part of qtui's configuration: off until enabled, and where it
 * listens. Only literal IP addresses are accepted, so what is configured is
 * exactly what gets bound, with no name lookup in between.
 */
import { isIP } from 'node:net';

export interface SshTcpListen {
  host: string;
  port: number;
}

export interface SshSettings {
  enabled: boolean;
  listen: SshTcpListen;
}

export const DEFAULT_SSH_SETTINGS: SshSettings = { enabled: false, listen: { host: '127.0.0.1', port: 2222 } };

/** Parses ADDR:PORT, with IPv6 addresses in brackets ([::1]:2222). Throws an Error saying what is wrong. */
export function parseListenAddress(text: string): SshTcpListen {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) throw new Error(`${JSON.stringify(text)} is not ADDR:PORT (e.g. 127.0.0.1:2222 or [::1]:2222)`);
  const host = (m[1] ?? m[2]) as string;
  const port = Number(m[3]);
  const family = isIP(host);
  if (family === 0) throw new Error(`${JSON.stringify(host)} is not an IP address`);
  if (m[1] !== undefined && family !== 6) throw new Error(`only IPv6 addresses go in brackets, not ${JSON.stringify(host)}`);
  if (port < 1 || port > 65535) throw new Error(`port ${port} is not between 1 and 65535`);
  return { host, port };
}

export function formatListenAddress(listen: SshTcpListen): string {
  return isIP(listen.host) === 6 ? `[${listen.host}]:${listen.port}` : `${listen.host}:${listen.port}`;
}
