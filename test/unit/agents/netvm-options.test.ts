import { describe, expect, it } from 'vitest';
import { parseNetvmAgentArgs } from '../../../netvm/netvm-agent-options.js';
import { parseNameservers } from '../../../netvm/resolv-conf.js';

describe('parseNetvmAgentArgs', () => {
  it('serves Network1 by default and applies rulesets', () => {
    expect(parseNetvmAgentArgs([])).toEqual({ network: true, simulatedWifi: false, firewall: false, nft: 'apply' });
  });

  it('reads every option, leaving --bus to runAgent', () => {
    expect(parseNetvmAgentArgs(['--bus', 'unix:path=/x', '--no-network', '--firewall', '--nft', 'check', '--dns', '10.139.1.1,fd00::1'])).toEqual({
      network: false,
      simulatedWifi: false,
      firewall: true,
      nft: 'check',
      dns: ['10.139.1.1', 'fd00::1'],
    });
  });

  it.each([
    [['--nft', 'maybe'], '--nft needs one of apply, check, off'],
    [['--nft'], '--nft needs one of apply, check, off'],
    [['--dns', 'dns.example'], '--dns needs a comma-separated list of addresses'],
    [['--no-network'], 'nothing to serve: --no-network without --firewall'],
    [['--wifi'], 'unknown argument "--wifi"'],
  ])('%j → %s', (argv, message) => {
    expect(parseNetvmAgentArgs(argv)).toBe(message);
  });
});

describe('parseNameservers', () => {
  it('takes valid nameserver addresses once, in order', () => {
    const text = '# generated\nsearch example\nnameserver 10.139.1.1\nnameserver  fd00::53 # v6\nnameserver 10.139.1.1\nnameserver dns.example\noptions edns0\n';
    expect(parseNameservers(text)).toEqual(['10.139.1.1', 'fd00::53']);
  });
});
