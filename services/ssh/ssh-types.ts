/** Types shared by the SSH server's modules and the daemon that hosts it. */
import type { Role } from '../commands/command-spec.js';

export interface SshAuditEntry {
  time: string;
  event: 'login' | 'auth-failed' | 'rate-limited' | 'too-many-startups' | 'login-timeout' | 'too-many-attempts' | 'logout' | 'idle-timeout' | 'exec' | 'shell' | 'refused' | 'authorized-keys';
  /** The client's address:port, or what an injected stream was labelled. */
  origin: string;
  fingerprint?: string;
  comment?: string;
  role?: Role;
  command?: string;
  result?: 'ok' | 'error' | 'denied' | 'refused';
  exitCode?: number;
  message?: string;
  /** For rate-limited: how many connections were refused since the last such entry for this address. */
  count?: number;
}

export interface ShellRequest {
  term: string;
  cols: number;
  rows: number;
}

/** What the console gives back for a shell session: where window changes go. */
export interface ShellHandle {
  resize(cols: number, rows: number): void;
}
