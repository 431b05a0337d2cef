/**
 * Every compiled ruleset of the compiler's table-driven cases is checked by
 * the real `nft -c -f` (Debian's nftables; it parses and validates against
 * the kernel without applying). Without nft, or without the privilege nft -c
 * needs (CAP_NET_ADMIN), these tests fail and say so rather than pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRules } from '../../../netvm/firewall-rules.js';
import { compileFirewall } from '../../../netvm/nft-compiler.js';
import { BASE, CHAIN_CASES, NOW } from '../../unit/agents/nft-cases.js';
import { run } from './dbus-clients.js';

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qtui-nft-'));
  const probe = await run('nft', ['--version']);
  if (probe.code !== 0) throw new Error(`nft is not usable here (apt-get install nftables): exit ${probe.code} ${probe.stderr}`);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function nftCheck(name: string, ruleset: string): Promise<{ code: number; stderr: string }> {
  const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.nft`);
  writeFileSync(file, ruleset);
  const r = await run('nft', ['-c', '-f', file]);
  if (/Operation not permitted|Permission denied/.test(r.stderr)) throw new Error(`nft -c cannot run without CAP_NET_ADMIN here: ${r.stderr}`);
  return r;
}

describe('nft -c accepts the compiled rulesets', () => {
  it.each(CHAIN_CASES)('$name', async ({ name, rules: text }) => {
    const parsed = parseRules(text, NOW);
    if (!parsed.ok) throw new Error(parsed.error);
    const { ruleset } = compileFirewall({
      ...BASE,
      qubes: [
        { name: 'work', ip4: '10.137.0.5', ip6: 'fd09:24ef:4179::a89:5', rules: parsed.rules },
        { name: 'sys-usb.old_1', ip4: '10.137.0.6', rules: parsed.rules },
      ],
    });
    const r = await nftCheck(name, ruleset);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('and rejects a broken one (the check can fail)', async () => {
    const parsed = parseRules('action=accept proto=tcp dstports=443', NOW);
    if (!parsed.ok) throw new Error(parsed.error);
    const { ruleset } = compileFirewall({ ...BASE, qubes: [{ name: 'work', ip4: '10.137.0.5', rules: parsed.rules }] });
    const r = await nftCheck('broken', ruleset.replace('tcp dport 443', 'tcp dport 443-1'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error');
  });
});
