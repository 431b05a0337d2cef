/**
 * The authorized-keys file of qtui's SSH server, in OpenSSH's format
 * (sshd(8) AUTHORIZED_KEYS FILE FORMAT): `options keytype base64 comment`.
 *
 * Every key must carry `role="viewer|operator|admin"`: the role decides what
 * the key may run, exactly as for a local client. `from="pattern-list"`
 * restricts the client addresses (see address-patterns.ts). The options
 * no-port-forwarding, no-agent-forwarding, no-X11-forwarding, no-user-rc and
 * restrict are accepted because qtui never allows those things anyway;
 * no-pty is honoured. Any other option (command=, expiry-time=, …) refuses
 * the line rather than being silently ignored, since an administrator who
 * wrote it expects it to restrict the key.
 *
 * A bad line is refused on its own, with an error naming the line; the other
 * lines still load.
 */
import { createPublicKey } from 'node:crypto';
import ssh2, { type ParsedKey } from 'ssh2';
import { isRole, type Role } from '../commands/command-spec.js';
import { parseAddressPatterns, type AddressPatternList } from './address-patterns.js';
import { keyFingerprint } from './key-fingerprint.js';

export const ACCEPTED_KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'] as const;
export type AcceptedKeyType = (typeof ACCEPTED_KEY_TYPES)[number];

const MIN_RSA_BITS = 2048;
const FLAG_OPTIONS = new Set(['no-port-forwarding', 'no-agent-forwarding', 'no-x11-forwarding', 'no-pty', 'no-user-rc', 'restrict']);
const VALUE_OPTIONS = new Set(['role', 'from']);

export interface AuthorizedKey {
  /** 1-based line number in the file. */
  line: number;
  type: AcceptedKeyType;
  /** The public key in SSH wire format, as a client offers it. */
  blob: Buffer;
  /** The same key, ready to verify signatures. */
  publicKey: ParsedKey;
  fingerprint: string;
  comment: string;
  role: Role;
  from?: AddressPatternList;
  noPty: boolean;
}

export interface AuthorizedKeyError {
  line: number;
  message: string;
}

export interface AuthorizedKeys {
  keys: AuthorizedKey[];
  errors: AuthorizedKeyError[];
}

function isAcceptedType(t: string): t is AcceptedKeyType {
  return (ACCEPTED_KEY_TYPES as readonly string[]).includes(t);
}

/** A word that names a key type rather than starting an options list. */
function looksLikeKeyType(word: string): boolean {
  return /^(ssh-|ecdsa-|sk-)/.test(word);
}

/** Splits off the options field: it ends at the first blank outside double quotes. */
function splitOptionsField(line: string): [string, string] {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '\t')) return [line.slice(0, i), line.slice(i).trimStart()];
  }
  if (quoted) throw new Error('unterminated quote in the options');
  return [line, ''];
}

/** Parses `a,b="x,y",c` into names (lower-cased, as sshd compares them) and values. */
function parseOptions(field: string): Map<string, string | true> {
  const options = new Map<string, string | true>();
  let i = 0;
  while (i < field.length) {
    const name = /^[A-Za-z0-9-]+/.exec(field.slice(i))?.[0];
    if (!name) throw new Error(`bad option syntax at ${JSON.stringify(field.slice(i))}`);
    i += name.length;
    let value: string | true = true;
    if (field[i] === '=') {
      if (field[i + 1] !== '"') throw new Error(`the value of ${name} must be in double quotes`);
      i += 2;
      let v = '';
      while (i < field.length && field[i] !== '"') {
        if (field[i] === '\\' && field[i + 1] === '"') i++;
        v += field[i];
        i++;
      }
      if (i >= field.length) throw new Error(`unterminated quote in ${name}`);
      i++;
      value = v;
    }
    const key = name.toLowerCase();
    if (options.has(key)) throw new Error(`option ${name} given twice`);
    options.set(key, value);
    if (i < field.length) {
      if (field[i] !== ',') throw new Error(`expected a comma after option ${name}`);
      i++;
    }
  }
  return options;
}

/** One line (already trimmed); throws an Error saying what is wrong with it. */
export function parseAuthorizedKeyLine(text: string, line = 1): AuthorizedKey {
  const first = text.split(/\s+/, 1)[0] as string;
  const [optionsField, keyPart] = looksLikeKeyType(first) ? ['', text] : splitOptionsField(text);
  const options = optionsField === '' ? new Map<string, string | true>() : parseOptions(optionsField);

  for (const [name, value] of options) {
    if (FLAG_OPTIONS.has(name)) {
      if (value !== true) throw new Error(`option ${name} takes no value`);
    } else if (VALUE_OPTIONS.has(name)) {
      if (value === true) throw new Error(`option ${name} needs a value, e.g. ${name}="…"`);
    } else {
      throw new Error(`option ${name} is not supported by qtui; remove it or the key is not loaded`);
    }
  }
  const role = options.get('role');
  if (role === undefined) throw new Error('no role: add role="viewer", role="operator" or role="admin" before the key');
  if (typeof role !== 'string' || !isRole(role)) throw new Error(`unknown role ${JSON.stringify(role)} (viewer, operator or admin)`);
  const fromSource = options.get('from');
  const from = typeof fromSource === 'string' ? parseAddressPatterns(fromSource) : undefined;

  const [type = '', base64 = '', ...commentWords] = keyPart.split(/\s+/);
  if (!isAcceptedType(type)) {
    throw new Error(`key type ${JSON.stringify(type)} is not accepted (ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa)`);
  }
  const parsed = ssh2.utils.parseKey(`${type} ${base64}`);
  if (parsed instanceof Error) throw new Error(`the ${type} key does not parse: ${parsed.message}`);
  if (parsed.type !== type) throw new Error(`the key says ${type} but holds a ${parsed.type} key`);
  if (type === 'ssh-rsa') {
    const bits = createPublicKey(parsed.getPublicPEM()).asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) throw new Error(`RSA keys must have at least ${MIN_RSA_BITS} bits; this one has ${bits}`);
  }
  const blob = parsed.getPublicSSH();
  return {
    line,
    type,
    blob,
    publicKey: parsed,
    fingerprint: keyFingerprint(blob),
    comment: commentWords.join(' '),
    role,
    ...(from ? { from } : {}),
    noPty: options.has('no-pty'),
  };
}

export function parseAuthorizedKeys(text: string): AuthorizedKeys {
  const keys: AuthorizedKey[] = [];
  const errors: AuthorizedKeyError[] = [];
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    try {
      keys.push(parseAuthorizedKeyLine(trimmed, index + 1));
    } catch (e) {
      errors.push({ line: index + 1, message: `line ${index + 1}: ${(e as Error).message}; this key is refused` });
    }
  });
  return { keys, errors };
}

/** One line of the file, the form `ssh authorize` writes. */
export function formatAuthorizedKeyLine(role: Role, from: string | undefined, publicKey: string): string {
  const options = [`role="${role}"`, ...(from === undefined ? [] : [`from="${from}"`])];
  return `${options.join(',')} ${publicKey.trim()}`;
}
