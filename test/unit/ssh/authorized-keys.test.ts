import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressAllowed, parseAddressPatterns } from '../../../services/ssh/address-patterns.js';
import { AuthorizedKeysStore } from '../../../services/ssh/authorized-keys-store.js';
import { formatAuthorizedKeyLine, parseAuthorizedKeys } from '../../../services/ssh/authorized-keys.js';
import { makeClientKey, type ClientKey } from '../../fixtures/ssh/ssh-keys.js';

let dir: string;
let ed: ClientKey;
let ecdsa256: ClientKey;
let ecdsa521: ClientKey;
let rsa: ClientKey;
let rsaSmall: ClientKey;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-ak-'));
  ed = makeClientKey(dir, 'ed');
  ecdsa256 = makeClientKey(dir, 'ec256', 'ecdsa', 256);
  ecdsa521 = makeClientKey(dir, 'ec521', 'ecdsa', 521);
  rsa = makeClientKey(dir, 'rsa', 'rsa', 3072);
  rsaSmall = makeClientKey(dir, 'rsa1024', 'rsa', 1024);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseAuthorizedKeys', () => {
  it('loads every accepted key type with its role, comment and the fingerprint ssh-keygen prints', () => {
    const text = [
      '# a comment line',
      '',
      `role="admin" ${ed.publicKey}`,
      `no-port-forwarding,role="viewer",no-pty ${ecdsa256.publicKey}`,
      `ROLE="operator",from="10.0.0.0/8,!10.0.0.7" ${ecdsa521.publicKey}`,
      `restrict,role="operator" ${rsa.publicKey}`,
    ].join('\n');
    const { keys, errors } = parseAuthorizedKeys(text);
    expect(errors).toEqual([]);
    expect(keys.map((k) => [k.line, k.type, k.role, k.fingerprint, k.comment, k.noPty])).toEqual([
      [3, 'ssh-ed25519', 'admin', ed.fingerprint, 'ed@test', false],
      [4, 'ecdsa-sha2-nistp256', 'viewer', ecdsa256.fingerprint, 'ec256@test', true],
      [5, 'ecdsa-sha2-nistp521', 'operator', ecdsa521.fingerprint, 'ec521@test', false],
      [6, 'ssh-rsa', 'operator', rsa.fingerprint, 'rsa@test', false],
    ]);
    expect(keys[2]?.from?.source).toBe('10.0.0.0/8,!10.0.0.7');
  });

  it('refuses bad lines by number and still loads the rest', () => {
    const text = [
      ed.publicKey,
      `role="root" ${ed.publicKey}`,
      `role="admin",command="ls" ${ed.publicKey}`,
      `role="admin" ${rsaSmall.publicKey}`,
      `role="admin" ssh-dss AAAAB3NzaC1kc3MAAACBAP== old`,
      `role="admin",from="10.0.0.1/40" ${ed.publicKey}`,
      `role="admin ${ed.publicKey}`,
      `role="admin" ssh-ed25519 AAAAnotbase64key== x`,
      `role="operator" ${ecdsa256.publicKey}`,
    ].join('\n');
    const { keys, errors } = parseAuthorizedKeys(text);
    expect(keys.map((k) => [k.line, k.role])).toEqual([[9, 'operator']]);
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const byLine = new Map(errors.map((e) => [e.line, e.message]));
    expect(byLine.get(1)).toMatch(/^line 1: no role/);
    expect(byLine.get(2)).toMatch(/^line 2: unknown role "root"/);
    expect(byLine.get(3)).toMatch(/option command is not supported/);
    expect(byLine.get(4)).toMatch(/at least 2048 bits; this one has 1024/);
    expect(byLine.get(5)).toMatch(/key type "ssh-dss" is not accepted/);
    expect(byLine.get(6)).toMatch(/prefix length must be 0 to 32/);
    expect(byLine.get(7)).toMatch(/unterminated quote/);
    expect(byLine.get(8)).toMatch(/does not parse/);
  });

  it('writes lines that read back the same', () => {
    const line = formatAuthorizedKeyLine('viewer', '127.0.0.1,192.168.*', ed.publicKey);
    const [key] = parseAuthorizedKeys(line).keys;
    expect(key?.role).toBe('viewer');
    expect(key?.from?.source).toBe('127.0.0.1,192.168.*');
    expect(key?.fingerprint).toBe(ed.fingerprint);
  });
});

describe('from= address patterns', () => {
  const allowed = (patterns: string, address: string | undefined): boolean => addressAllowed(parseAddressPatterns(patterns), address);

  it('matches addresses, CIDR networks and wildcards, with negation winning', () => {
    expect(allowed('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(allowed('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(allowed('10.0.0.0/8,!10.1.2.3', '10.9.9.9')).toBe(true);
    expect(allowed('10.0.0.0/8,!10.1.2.3', '10.1.2.3')).toBe(false);
    expect(allowed('!10.1.2.3,10.0.0.0/8', '10.1.2.3')).toBe(false);
    expect(allowed('192.168.1.*', '192.168.1.77')).toBe(true);
    expect(allowed('192.168.1.?', '192.168.1.77')).toBe(false);
    expect(allowed('fd00::/8', 'fd12::1')).toBe(true);
    expect(allowed('127.0.0.0/8', '::ffff:127.0.0.1')).toBe(true);
    expect(allowed('!127.0.0.1', '127.0.0.1')).toBe(false);
    expect(allowed('!10.0.0.1', '127.0.0.1')).toBe(false);
    expect(allowed('*', undefined)).toBe(false);
  });

  it('refuses unusable lists', () => {
    expect(() => parseAddressPatterns('10.0.0.0/x')).toThrow(/prefix length/);
    expect(() => parseAddressPatterns('a,,b')).toThrow(/empty entry/);
    expect(() => parseAddressPatterns('foo.example/8')).toThrow(/not a valid address/);
  });
});

describe('AuthorizedKeysStore', () => {
  it('re-reads the file when it changes, also when replaced by rename', () => {
    const path = join(dir, 'authorized_keys');
    const reloads: number[] = [];
    const store = new AuthorizedKeysStore(path, (k) => reloads.push(k.keys.length));
    expect(store.current().keys).toEqual([]);
    writeFileSync(path, `role="admin" ${ed.publicKey}\n`, { mode: 0o600 });
    expect(store.current().keys.map((k) => k.fingerprint)).toEqual([ed.fingerprint]);
    expect(store.current().keys).toHaveLength(1);
    writeFileSync(`${path}.new`, `role="admin" ${rsa.publicKey}\nrole="viewer" ${ecdsa256.publicKey}\n`, { mode: 0o600 });
    renameSync(`${path}.new`, path);
    expect(store.current().keys.map((k) => k.fingerprint)).toEqual([rsa.fingerprint, ecdsa256.fingerprint]);
    chmodSync(path, 0o664);
    expect(store.current()).toEqual({ keys: [], errors: [{ line: 0, message: expect.stringMatching(/writable by others \(mode 664\)/) as unknown }] });
    chmodSync(path, 0o644);
    expect(store.current().keys).toHaveLength(2);
    rmSync(path);
    expect(store.current().keys).toEqual([]);
    expect(reloads).toEqual([0, 1, 2, 0, 2, 0]);
  });
});
