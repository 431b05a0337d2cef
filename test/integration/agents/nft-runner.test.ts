/** runNft with the real nft (check mode only: nothing is applied to this machine). */
import { describe, expect, it } from 'vitest';
import { runNft } from '../../../netvm/nft-runner.js';

const VALID = 'table inet qtui-runner-test {\n\tchain c {\n\t\ttcp dport 22 accept\n\t}\n}\n';

describe('runNft', () => {
  it('check: a valid ruleset is checked', async () => {
    expect(await runNft('check', VALID)).toEqual({ state: 'checked', message: '' });
  });

  it('check: an invalid one fails with nft’s own error', async () => {
    const out = await runNft('check', VALID.replace('tcp dport 22', 'tcp dport 99999'));
    expect(out.state).toBe('failed');
    expect(out.message).toMatch(/^nft -c -f \/dev\/stdin failed \(exit 1\): \/dev\/stdin:3:\d+-\d+: Error: /);
  });

  it('a missing nft leaves the ruleset compiled and says it was not checked', async () => {
    expect(await runNft('check', VALID, 'qtui-no-such-nft')).toEqual({ state: 'compiled', message: 'qtui-no-such-nft is not installed: the ruleset was not checked' });
  });

  it('off runs nothing', async () => {
    expect(await runNft('off', 'not even nft syntax')).toEqual({ state: 'compiled', message: 'nft not run (mode off)' });
  });
});
